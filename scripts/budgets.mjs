#!/usr/bin/env node
// Page quality budgets, run by CI after the tests (not a timed test): Lighthouse scores for the
// index and a code page, and the first-load weight of every code page (HTML, CSS and the
// scripts a page loads before it is used, uncompressed; search loads later, on demand).
//
//   node scripts/budgets.mjs            # prints the table; exits 1 if a budget is missed
//
// Targets: accessibility, best practices and SEO 100, performance at least 95; a code page
// without written text (the framework's own weight) under 30 KB. Written pages are reported:
// their weight is mostly the author's text.
import { spawnSync } from "node:child_process";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { buildSite } from "../tests/support/site.mjs";
import { serve } from "../tests/support/server.mjs";
import { launch } from "../tests/support/browser.mjs";

const BUDGET = 30 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** What a page downloads before it is used: its document, style sheets and scripts. */
async function firstLoad(browser, url) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url, { waitUntil: "networkidle" });
  const entries = await page.evaluate(() => [
    { name: location.href, size: performance.getEntriesByType("navigation")[0].decodedBodySize },
    ...performance
      .getEntriesByType("resource")
      .filter((e) => /\.(css|js)$/.test(new URL(e.name).pathname))
      .map((e) => ({ name: e.name, size: e.decodedBodySize })),
  ]);
  await page.context().close();
  return entries.reduce((sum, e) => sum + e.size, 0);
}

async function scores(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    });
    return Object.fromEntries(Object.entries(result.lhr.categories).map(([id, c]) => [id, Math.round(c.score * 100)]));
  } finally {
    await chrome.kill();
  }
}

const own = buildSite(".");
const plain = buildSite("tests/fixtures/table-only");
const ownServer = await serve(own);
const plainServer = await serve(plain);
const browser = await launch();
const failures = [];

console.log("| page | performance | accessibility | best practices | SEO |\n|---|---|---|---|---|");
for (const path of ["", "codes/503.html"]) {
  const s = await scores(ownServer.url + path);
  console.log(`| /${path} | ${s.performance} | ${s.accessibility} | ${s["best-practices"]} | ${s.seo} |`);
  if (s.performance < 95) failures.push(`/${path}: performance ${s.performance} < 95`);
  for (const id of ["accessibility", "best-practices", "seo"]) {
    if (s[id] < 100) failures.push(`/${path}: ${id} ${s[id]} < 100`);
  }
}

const listing = spawnSync("ls", [`${own}/codes`], { encoding: "utf8" }).stdout.trim().split("\n");
const written = [];
for (const file of listing) written.push(await firstLoad(browser, `${ownServer.url}codes/${file}`));
const generated = [];
for (const file of spawnSync("ls", [`${plain}/codes`], { encoding: "utf8" }).stdout.trim().split("\n")) {
  generated.push(await firstLoad(browser, `${plainServer.url}codes/${file}`));
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
console.log("\n| code pages | first load, median | largest | budget |\n|---|---|---|---|");
console.log(`| without written text (tests/fixtures/table-only) | ${kb(median(generated))} | ${kb(Math.max(...generated))} | ${kb(BUDGET)} |`);
console.log(`| this repository's written pages | ${kb(median(written))} | ${kb(Math.max(...written))} | reported |`);
if (Math.max(...generated) > BUDGET) failures.push(`a code page without written text loads ${kb(Math.max(...generated))}`);

await browser.close();
await ownServer.close();
await plainServer.close();
if (failures.length) {
  console.error(`\nbudgets missed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nall budgets met");
