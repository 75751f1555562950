#!/usr/bin/env node
// Page quality budgets, run by CI after the tests (not a timed test): Lighthouse scores for the
// index and a code page, and the first-load weight of every code page (HTML, CSS and the
// scripts a page loads before it is used, uncompressed; search loads later, on demand).
//
//   node scripts/budgets.mjs            # prints the table; exits 1 if a budget is missed
//
// Targets: accessibility, best practices and SEO 100, performance at least 95; the style sheets
// and scripts every page loads first (the framework's own weight) under 20 KB; a code page
// built from a bare table (built-in reference text, example and client code included) under
// 45 KB. Written pages are reported: their weight is mostly the author's text. Gzipped sizes
// are reported beside, as most servers send them.
import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { buildSite } from "../tests/support/site.mjs";
import { serve } from "../tests/support/server.mjs";
import { launch } from "../tests/support/browser.mjs";

const PAGE_BUDGET = 45 * 1024;
const ASSET_BUDGET = 20 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * What a page downloads before it is used: its document, style sheets and scripts, in bytes
 * (`total`, `gzip`) and the part that is style sheets and scripts (`assets`).
 */
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
  let gzip = 0;
  for (const e of entries) gzip += gzipSync(Buffer.from(await (await fetch(e.name)).arrayBuffer())).length;
  const sum = (xs) => xs.reduce((n, e) => n + e.size, 0);
  return { total: sum(entries), assets: sum(entries.slice(1)), gzip };
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
const row = (label, loads, budget) => {
  const totals = loads.map((l) => l.total);
  const gzips = loads.map((l) => l.gzip);
  return `| ${label} | ${kb(median(totals))} (${kb(median(gzips))}) | ${kb(Math.max(...totals))} (${kb(Math.max(...gzips))}) | ${budget} |`;
};
console.log("\n| code pages | first load, median (gzipped) | largest (gzipped) | budget |\n|---|---|---|---|");
console.log(row("from a bare table (tests/fixtures/table-only)", generated, kb(PAGE_BUDGET)));
console.log(row("this repository's written pages", written, "reported"));
const assets = Math.max(...generated.map((l) => l.assets), ...written.map((l) => l.assets));
console.log(`\nstyle sheets and scripts loaded first: ${kb(assets)} (budget ${kb(ASSET_BUDGET)})`);
const largest = Math.max(...generated.map((l) => l.total));
if (largest > PAGE_BUDGET) failures.push(`a code page built from a bare table loads ${kb(largest)}`);
if (assets > ASSET_BUDGET) failures.push(`style sheets and scripts loaded first weigh ${kb(assets)}`);

await browser.close();
await ownServer.close();
await plainServer.close();
if (failures.length) {
  console.error(`\nbudgets missed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nall budgets met");
