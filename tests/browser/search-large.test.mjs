// Search in a real headless Chromium on a large site, whose index is cut into term shards
// and files of shown texts (src/outputs/search): the page loads the head, then the shards
// each query needs, then what its results show, from file:// and under a strict
// Content-Security-Policy alike.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";
import { writeSyntheticSite } from "../support/synthetic.mjs";

let site, browser, codes;

before(async () => {
  const source = mkdtempSync(path.join(tmpdir(), "statusbook-large-"));
  codes = writeSyntheticSite(source, 6000);
  site = buildSite(source);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Types `query` and returns the results as `[code, snippet]` once their snippets show. */
async function results(page, query) {
  const input = page.locator("#search-input");
  await input.fill("");
  await input.pressSequentially(query);
  await page.waitForFunction(
    (q) => {
      const status = document.querySelector("[data-search-status]").textContent;
      const snippets = [...document.querySelectorAll("#search-results .search-result-snippet")];
      return document.querySelector("#search-input").value === q && /result/.test(status) &&
        snippets.every((s) => s.textContent !== "");
    },
    query,
  );
  return page.$$eval("#search-results [role=option]", (options) =>
    options.map((o) => [
      Number(o.querySelector(".search-result-code").textContent),
      o.querySelector(".search-result-snippet").textContent,
    ]),
  );
}

async function check(url, origin) {
  const { page, problems, close } = await watchedPage(browser, { origin });
  try {
    await page.goto(url);
    const found = await results(page, "ledger quota exceeded");
    const expected = codes.filter((c) => c.reason === "Ledger Quota Exceeded");
    assert.equal(found[0][0], expected[0].code);
    assert.equal(found[0][1], expected[0].description, "the shown text, from its own file");
    assert.equal((await results(page, String(codes[1234].code)))[0][0], codes[1234].code);
    const loaded = await page.evaluate(() =>
      [...document.querySelectorAll("script[src]")].map((s) => s.src.split("/").pop()),
    );
    assert.ok(loaded.some((f) => /^w[0-9a-f]{16}\.js$/.test(f)), "term shards");
    assert.ok(loaded.some((f) => /^d\d+\.js$/.test(f)), "shown texts");
    assert.deepEqual(problems, [], "no console errors, exceptions or foreign requests");
  } finally {
    await close();
  }
}

test("a large site's search loads its shards from file://", async () => {
  await check(pathToFileURL(path.join(site, "codes", `${codes[0].code}.html`)).href, null);
});

test("a large site's search loads its shards under Content-Security-Policy: default-src 'self'", async () => {
  const strict = await serve(site, { headers: { "Content-Security-Policy": "default-src 'self'" } });
  try {
    await check(strict.url + `codes/${codes[10].code}.html`, new URL(strict.url).origin);
  } finally {
    await strict.close();
  }
});
