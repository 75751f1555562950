// Search in a real headless Chromium, on the repository's own site: typing, keyboard,
// deep links, the not-found page, and the places the site must work from
// (file://, a sub-path, a strict Content-Security-Policy).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

let site, browser, server;

before(async () => {
  site = buildSite(".");
  browser = await launch();
  server = await serve(site);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `url`, runs `body(page)`, then checks nothing went wrong on the page. */
async function withPage(url, body, { origin = new URL(server.url).origin, ...options } = {}) {
  const { page, problems, close } = await watchedPage(browser, { origin, ...options });
  try {
    await page.goto(url);
    await body(page);
    assert.deepEqual(problems, [], "no console errors, exceptions or foreign requests");
  } finally {
    await close();
  }
}

/** Types `query` into the search box and returns the codes (or titles) listed. */
async function results(page, query) {
  const input = page.locator("#search-input");
  await input.fill("");
  await input.pressSequentially(query);
  await page.waitForFunction(
    (q) => {
      const box = document.querySelector("#search-input");
      const status = document.querySelector("[data-search-status]").textContent;
      return box.value === q && /result/.test(status);
    },
    query,
  );
  return page.$$eval("#search-results [role=option]", (options) =>
    options.map((o) => {
      const code = o.querySelector(".search-result-code");
      return code ? Number(code.textContent) : o.querySelector(".search-result-title").textContent;
    }),
  );
}

test("typing finds codes: prefixes, words, typos, classes", async () => {
  await withPage(server.url, async (page) => {
    assert.deepEqual(await results(page, "40"), [404, 401, 403, 400, 406]);
    assert.equal((await results(page, "auth"))[0], 401);
    assert.equal((await results(page, "unauthorised"))[0], 401);
    assert.ok((await results(page, "cache")).includes(304));
    assert.deepEqual(await results(page, "5xx"), [500, 503]);
    assert.equal(await page.locator("[data-search-status]").textContent(), "2 results");
  });
});

test("results mark the matched words in their snippets", async () => {
  await withPage(server.url, async (page) => {
    await results(page, "retry");
    const marks = await page.$$eval("#search-results mark", (m) => m.map((e) => e.textContent.toLowerCase()));
    assert.ok(marks.length > 0);
    assert.ok(marks.every((m) => m.startsWith("retr")), marks.join());
  });
});

test("the combobox pattern: roles, expanded state, active option", async () => {
  await withPage(server.url, async (page) => {
    const input = page.locator("#search-input");
    assert.equal(await input.getAttribute("role"), null, "a plain search box until search loads");
    await input.focus();
    await page.waitForFunction(() => document.querySelector("#search-input").getAttribute("role") === "combobox");
    assert.equal(await input.getAttribute("aria-expanded"), "false");
    await results(page, "40");
    assert.equal(await input.getAttribute("aria-expanded"), "true");
    assert.equal(await input.getAttribute("aria-controls"), "search-results");
    assert.equal(await page.locator("#search-results").getAttribute("role"), "listbox");
    assert.equal(await page.locator("[data-search-status]").getAttribute("role"), "status");
    assert.equal(await page.locator("[data-search-status]").textContent(), "5 results");
  });
});

test("arrow keys move through results, Enter opens the active one", async () => {
  await withPage(server.url, async (page) => {
    await results(page, "40");
    const input = page.locator("#search-input");
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    const active = await input.getAttribute("aria-activedescendant");
    assert.equal(await page.locator(`#${active}`).getAttribute("aria-selected"), "true");
    assert.equal(await page.locator(`#${active} .search-result-code`).textContent(), "401");
    await input.press("ArrowUp");
    await input.press("ArrowUp");
    assert.equal(await input.getAttribute("aria-activedescendant"), null, "back in the input");
    await input.press("ArrowUp");
    assert.match(await page.locator(`#${await input.getAttribute("aria-activedescendant")}`).textContent(), /^406/);
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    await input.press("ArrowDown");
    await Promise.all([page.waitForURL(/codes\/401\.html$/), input.press("Enter")]);
  });
});

test("Enter on an exact code opens its page", async () => {
  await withPage(server.url, async (page) => {
    await results(page, "404");
    await Promise.all([page.waitForURL(/codes\/404\.html$/), page.locator("#search-input").press("Enter")]);
    assert.match(await page.locator("h1").textContent(), /404\s+Not Found/);
  });
});

test("slash focuses the search box from anywhere; Escape clears it", async () => {
  await withPage(server.url + "codes/503.html", async (page) => {
    await page.locator("h1").click();
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    assert.equal(await page.locator("#search-input").inputValue(), "", "the slash is not typed");
    await results(page, "forb");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#search-input").inputValue(), "");
    assert.equal(await page.locator("#search-results").isHidden(), true);
    assert.equal(await page.locator("#search-input").getAttribute("aria-expanded"), "false");
  });
});

test("?q= fills the box and shows results", async () => {
  await withPage(server.url + "?q=forbiden", async (page) => {
    await page.waitForSelector("#search-results [role=option]");
    assert.equal(await page.locator("#search-input").inputValue(), "forbiden");
    assert.equal(await page.locator("#search-results .search-result-code").first().textContent(), "403");
  });
});

test("HTML typed into the box stays text", async () => {
  await withPage(server.url, async (page) => {
    let dialog = false;
    page.on("dialog", async (d) => {
      dialog = true;
      await d.dismiss();
    });
    const input = page.locator("#search-input");
    await input.fill("<img src=x onerror=alert(1)>");
    await page.waitForFunction(() => /result/i.test(document.querySelector("[data-search-status]").textContent));
    assert.equal(await page.locator("#search-results img").count(), 0);
    assert.equal(await page.locator("[data-search-empty] img").count(), 0);
    assert.match(await page.locator("[data-search-empty]").textContent(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(dialog, false);
  });
});

test("the not-found page suggests codes for the missing address", async () => {
  await withPage(server.url + "unauthorised", async (page) => {
    await page.waitForSelector("[data-search-suggest]:not([hidden]) a");
    const first = await page.locator("[data-search-suggest] a").first().textContent();
    assert.match(first, /^401/);
  });
  await withPage(server.url + "4044", async (page) => {
    await page.waitForSelector("[data-search-suggest]:not([hidden]) a");
    assert.match(await page.locator("[data-search-suggest] a").first().textContent(), /^404/);
  });
});

test("search works from file://", async () => {
  const url = pathToFileURL(path.join(site, "codes", "201.html")).href;
  await withPage(url, async (page) => {
    assert.deepEqual(await results(page, "40"), [404, 401, 403, 400, 406]);
    await Promise.all([page.waitForURL(/codes\/403\.html$/), page.locator("#search-results [role=option]").nth(2).click()]);
  }, { origin: null });
});

test("search works under a sub-path", async () => {
  const portal = await serve(site, { prefix: "/portal/docs/status/" });
  try {
    await withPage(portal.url + "codes/200.html", async (page) => {
      assert.equal((await results(page, "unauthorised"))[0], 401);
      await Promise.all([page.waitForURL(portal.url + "codes/401.html"), page.locator("#search-input").press("Enter")]);
    }, { origin: new URL(portal.url).origin });
  } finally {
    await portal.close();
  }
});

test("search works under Content-Security-Policy: default-src 'self'", async () => {
  const strict = await serve(site, { headers: { "Content-Security-Policy": "default-src 'self'" } });
  try {
    for (const page of ["", "codes/304.html", "error-format.html", "missing-page"]) {
      await withPage(strict.url + page, async (p) => {
        assert.equal((await results(p, "cache")).includes(304), true);
      }, { origin: new URL(strict.url).origin });
    }
  } finally {
    await strict.close();
  }
});

test("without JavaScript the index still lists every code", async () => {
  await withPage(server.url, async (page) => {
    const codes = await page.$$eval(".code-table tbody th a", (links) => links.map((a) => Number(a.textContent)));
    assert.deepEqual(codes, [200, 201, 202, 304, 400, 401, 403, 404, 406, 500, 503]);
  }, { javaScriptEnabled: false });
});

test("search is not part of the page: its script, style and index load when it is used", async () => {
  const html = await (await fetch(server.url + "codes/404.html")).text();
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["../static/head.js", "../static/page.js"]);
  assert.doesNotMatch(html, /search(\/index)?\.js/);
  await withPage(server.url, async (page) => {
    await page.waitForLoadState("networkidle");
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    assert.ok(!loaded.some((url) => /search/.test(url)), "nothing of search before it is used");
    await page.locator("#search-input").focus();
    await page.waitForFunction(() => document.querySelector('script[src$="search/index.js"]'));
    await page.waitForFunction(() => document.querySelector('link[href$="search.css"]'));
  });
});
