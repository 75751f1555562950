// Accessibility with axe-core in headless Chromium: the index, a code page with examples, the
// not-found page and a search with results open, in light and dark, have no serious or
// critical violation (colour contrast included). Every control is reachable by keyboard and
// shows a focus ring. While each page loads, no request goes to any other origin.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");
let browser, server;

before(async () => {
  browser = await launch();
  server = await serve(buildSite("."));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const pages = [
  { name: "index", path: "" },
  { name: "code page", path: "codes/503.html" },
  { name: "guide", path: "retrying.html" },
  { name: "not-found page", path: "no-such-page" },
  { name: "search results", path: "", search: "retry" },
];

async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

for (const colorScheme of ["light", "dark"]) {
  for (const target of pages) {
    test(`${target.name} in ${colorScheme}: no serious or critical axe violation, no foreign request`, async () => {
      const { page, problems, close } = await watchedPage(browser, { origin: new URL(server.url).origin, colorScheme });
      try {
        await page.goto(server.url + target.path);
        if (target.search) {
          await page.locator("#search-input").pressSequentially(target.search);
          await page.waitForSelector("#search-results [role=option]");
          await page.keyboard.press("ArrowDown");
        }
        assert.deepEqual(await violations(page), []);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }
}

test("every control is reachable with Tab and shows a focus ring", async () => {
  const { page, close } = await watchedPage(browser, { origin: new URL(server.url).origin });
  try {
    await page.goto(server.url + "codes/503.html");
    // What should be reachable: visible links, buttons, inputs (of a radio group, the checked
    // one), the summaries that open folded lists ("Returned by") and scrollable code blocks,
    // each numbered so the walk below can tell them apart.
    const expected = await page.evaluate(() => {
      const controls = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
        .filter((e) => e.tabIndex >= 0 && !e.disabled)
        .filter((e) => !(e.type === "radio" && !e.checked))
        .filter((e) => e.getClientRects().length > 0 || e.type === "radio" || e.classList.contains("skip-link"));
      controls.forEach((e, i) => e.setAttribute("data-tab-check", String(i)));
      return controls.length;
    });
    const reached = new Set();
    const withoutRing = [];
    for (let i = 0; i < expected + 10; i++) {
      await page.keyboard.press("Tab");
      const focus = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        // A visually hidden radio button shows its ring on its label.
        const shown = element.type === "radio" ? element.nextElementSibling : element;
        const style = getComputedStyle(shown);
        return {
          index: element.getAttribute("data-tab-check"),
          name: element.outerHTML.slice(0, 60),
          ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && shown.getClientRects().length > 0,
        };
      });
      if (!focus) continue;
      if (reached.has(focus.index)) break;
      reached.add(focus.index);
      if (!focus.ring) withoutRing.push(focus.name);
    }
    assert.equal(reached.size, expected, "every control is reached, in one round of Tab");
    assert.ok(!reached.has(null), "nothing unexpected takes focus");
    assert.deepEqual(withoutRing, []);
  } finally {
    await close();
  }
});
