// The not-found page is served for missing addresses at any depth: its style sheet, scripts,
// links and suggestions must work at depth 0, 1 and 3, for a site at the root of its origin
// and for one under a sub-path (its `<base>` comes from site-url).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

let browser;
const servers = [];

before(async () => {
  browser = await launch();
  // This repository's site: site-url = "/". The table-only fixture: site-url ends in /api/.
  servers.push({ name: "at the root", server: await serve(buildSite(".")), code: "401" });
  servers.push({
    name: "under /api/",
    server: await serve(buildSite("tests/fixtures/table-only"), { prefix: "/api/" }),
    code: "429",
  });
});

after(async () => {
  await browser?.close();
  for (const { server } of servers) await server.close();
});

const DEPTHS = [
  ["depth 0", (code) => `${code}0`],
  ["depth 1", (code) => `codes/${code}0`],
  ["depth 3", (code) => `a/b/c/${code}0`],
];

for (const [depth, missing] of DEPTHS) {
  test(`the not-found page works at ${depth}, at the root and under a sub-path`, async () => {
    for (const { name, server, code } of servers) {
      const { page, problems, close } = await watchedPage(browser, { origin: new URL(server.url).origin });
      try {
        const response = await page.goto(server.url + missing(code));
        assert.equal(response.status(), 404, name);
        const font = await page.evaluate(() => getComputedStyle(document.querySelector(".not-found-code")).fontFamily);
        assert.match(font, /monospace/, `${name}: the style sheet loaded`);
        // The suggestions come from the search script and index, found through the base.
        await page.waitForSelector("[data-search-suggest]:not([hidden]) a");
        assert.match(await page.locator("[data-search-suggest] a").first().textContent(), new RegExp(`^${code}`));
        // Every link of the page leads into the site.
        const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
        for (const link of links) {
          assert.ok(link.startsWith(server.url), `${name}: ${link} is outside ${server.url}`);
          const status = (await fetch(link)).status;
          assert.equal(status, 200, `${name}: ${link}`);
        }
        assert.deepEqual(problems, [], name);
      } finally {
        await close();
      }
    }
  });
}
