// Narrow and wide screens: no page scrolls sideways at 375 px or 1280 px, and code blocks
// scroll inside themselves at a readable size. Screenshots are kept in target/screenshots/
// (CI keeps them as artifacts) for people to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { buildSite, repo } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch } from "../support/browser.mjs";

const shots = path.join(repo, "target/screenshots");
let browser, server;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launch();
  server = await serve(buildSite("."));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const pages = { index: "", code: "codes/503.html", guide: "retrying.html", "not-found": "nope" };

for (const width of [375, 1280]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`${width} px, ${colorScheme}: nothing scrolls sideways, code stays readable`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      try {
        for (const [name, target] of Object.entries(pages)) {
          await page.goto(server.url + target);
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          assert.ok(scrollWidth <= clientWidth, `${name}: ${scrollWidth} > ${clientWidth}`);
          const blocks = await page.$$eval("main pre", (pres) =>
            pres.map((pre) => ({
              overflow: getComputedStyle(pre).overflowX,
              size: parseFloat(getComputedStyle(pre.querySelector("code") || pre).fontSize),
              fits: pre.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5,
            })),
          );
          for (const block of blocks) {
            assert.equal(block.overflow, "auto", `${name}: a code block scrolls inside itself`);
            assert.ok(block.size >= 12, `${name}: code is at least 12 px (${block.size})`);
            assert.ok(block.fits, `${name}: a code block fits the screen`);
          }
          await page.screenshot({ path: path.join(shots, `${name}-${width}-${colorScheme}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    });
  }
}
