#!/usr/bin/env node
// Search benchmark: for synthetic sites of 100, 1,000 and 10,000 codes (each code with a
// ~450-word page), measures the index build time, what a first search downloads (raw and
// gzip), and keystroke-to-results time in headless Chromium.
//
//   node scripts/bench-search.mjs [--sizes 100,1000,10000] [--runs 5]
//
// Needs a release build (cargo build --release), python3, and ../shared/bench/gen.py
// (or STATUSBOOK_BENCH_GEN pointing at it). Sites are generated under target/bench/.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { repo, loadIndexData } from "../tests/support/site.mjs";
import { serve } from "../tests/support/server.mjs";
import { launch } from "../tests/support/browser.mjs";

const require = createRequire(import.meta.url);
const engine = require("../templates/static/search.js");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option("--sizes", "100,1000,10000").split(",").map(Number);
const runs = Number(option("--runs", "5"));
const generator = process.env.STATUSBOOK_BENCH_GEN || path.resolve(repo, "../shared/bench/gen.py");
const binary = path.join(repo, "target/release/statusbook");
const QUERIES = ["token", "expired", "retry after", "quota", "invalid field", "ledgr", "the", "5xx", "40", "regional token"];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const gz = (bytes) => zlib.gzipSync(bytes).length;
const kb = (n) => (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KB";

function generate(n) {
  const dir = path.join(repo, "target/bench", String(n));
  rmSync(dir, { recursive: true, force: true });
  execFileSync("python3", [generator, String(n), path.join(dir, "gen")], { stdio: "ignore" });
  const site = path.join(dir, "site");
  mkdirSync(path.join(site, "content"), { recursive: true });
  cpSync(path.join(dir, "gen/table"), path.join(site, "content"), { recursive: true });
  const custom = n > 500 ? "\n[table]\ncustom-codes = true\n" : "";
  writeFileSync(path.join(site, "book.toml"), `[book]\ntitle = "Benchmark, ${n} codes"\n${custom}`);
  return site;
}

function searchIndexTime(site) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(binary, ["build", "--timings", site], { encoding: "utf8" });
    const line = result.stderr.split("\n").find((l) => l.includes("search index"));
    times.push(Number(/([\d.]+) ms/.exec(line)[1]));
  }
  return median(times);
}

function downloads(book) {
  const file = (p) => readFileSync(path.join(book, p));
  const script = file("static/search.js");
  const core = file("search/index.js");
  const data = loadIndexData(book);
  const index = new engine.Index(data.index);
  const perQuery = QUERIES.map((q) => {
    const shards = engine.search(index, q, 50).missing;
    let raw = core.length, zipped = gz(core);
    for (const k of shards) {
      const shard = file(`search/b${k}.js`);
      raw += shard.length;
      zipped += gz(shard);
    }
    return { q, shards: shards.size, raw, zipped };
  });
  return { script: { raw: script.length, zipped: gz(script) }, core: { raw: core.length, zipped: gz(core) }, perQuery };
}

async function keystrokes(book, browser) {
  const server = await serve(book);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url);
    await page.locator("#search-input").focus();
    await page.waitForFunction(() => document.querySelector('script[src$="search/index.js"]'));
    await page.waitForTimeout(200);
    const durations = [];
    for (const query of QUERIES) {
      await page.locator("#search-input").fill("");
      await page.evaluate(() => performance.clearMeasures("statusbook-search"));
      for (const ch of query) {
        const before = await page.evaluate(() => performance.getEntriesByName("statusbook-search").length);
        await page.keyboard.type(ch);
        await page
          .waitForFunction((n) => performance.getEntriesByName("statusbook-search").length > n, before, { timeout: 5000 })
          .catch(() => {});
      }
      const measured = await page.evaluate(() => performance.getEntriesByName("statusbook-search").map((e) => e.duration));
      durations.push(...measured);
    }
    return durations;
  } finally {
    await context.close();
    await server.close();
  }
}

const browser = await launch();
const rows = [];
for (const n of sizes) {
  const site = generate(n);
  execFileSync(binary, ["build", "-q", site]);
  const book = path.join(site, "book");
  const indexMs = searchIndexTime(site);
  const d = downloads(book);
  const firstZipped = d.perQuery.map((x) => x.zipped + d.script.zipped);
  const firstRaw = d.perQuery.map((x) => x.raw + d.script.raw);
  const times = await keystrokes(book, browser);
  const searchDir = execFileSync("du", ["-sb", path.join(book, "search")], { encoding: "utf8" }).split("\t")[0];
  rows.push({
    n,
    indexMs,
    core: d.core,
    firstRaw: { median: median(firstRaw), max: Math.max(...firstRaw) },
    firstZipped: { median: median(firstZipped), max: Math.max(...firstZipped) },
    keystroke: { median: median(times), p95: percentile(times, 0.95), count: times.length },
    searchDir: Number(searchDir),
  });
}
await browser.close();

console.log("| codes | index build | search files on disk | index.js (raw / gzip) | first search downloads, median (max), gzip | raw | keystroke to results, median (p95) |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.n.toLocaleString("en")} | ${r.indexMs.toFixed(0)} ms | ${(r.searchDir / 1048576).toFixed(1)} MB | ${kb(r.core.raw)} / ${kb(r.core.zipped)} | ` +
      `${kb(r.firstZipped.median)} (${kb(r.firstZipped.max)}) | ${kb(r.firstRaw.median)} (${kb(r.firstRaw.max)}) | ` +
      `${r.keystroke.median.toFixed(1)} ms (${r.keystroke.p95.toFixed(1)} ms), ${r.keystroke.count} keystrokes |`,
  );
}
