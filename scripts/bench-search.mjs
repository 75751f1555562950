#!/usr/bin/env node
// Search benchmark: for synthetic sites of 100, 1,000 and 10,000 codes (each code with a
// ~450-word page), or any `--sizes` up to 100,000, measures the index build time and the
// build's peak memory, what a first search downloads (raw and gzip), and
// keystroke-to-results time in headless Chromium.
//
//   node scripts/bench-search.mjs [--sizes 100,1000,10000] [--runs 5] [--tables DIR]
//
// `--runs` is the number of builds timed per size (0: none, to measure search alone).
// Needs a release build (cargo build --release), python3, and ../shared/bench/gen.py
// (or STATUSBOOK_BENCH_GEN pointing at it). Sites are generated under target/bench/<n>/
// and kept: a site already there is reused, and so is a generated table found in
// target/bench/<n>/gen/table or in DIR/gen-<n>/table, DIR/<n>/gen/table (another
// checkout's target/bench): generating 100,000 pages takes minutes.
//
// A first search is what the script loads to answer a query on a page opened afresh:
// search.js, index.js and the term shards the engine asks for (it names them; the next
// search with them loaded is complete). Showing the results then loads the files of
// their shown texts (large sites) and the text files of those whose match is in the page
// text only: counted apart, as "to show them".
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { repo } from "../tests/support/site.mjs";
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
const tables = option("--tables", null);
const generator = process.env.STATUSBOOK_BENCH_GEN || path.resolve(repo, "../shared/bench/gen.py");
const binary = path.join(repo, "target/release/statusbook");
const QUERIES = ["token", "expired", "retry after", "quota", "invalid field", "ledgr", "the", "5xx", "40", "regional token"];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const gz = (bytes) => zlib.gzipSync(bytes).length;
const kb = (n) => (n / 1024).toFixed(n < 10240 ? 1 : 0) + " KB";

/** A generated table of `n` codes already on disk, if any. */
function existingTable(n, dir) {
  const candidates = [path.join(dir, "gen/table")];
  if (tables) candidates.push(path.join(tables, `gen-${n}/table`), path.join(tables, `${n}/gen/table`));
  return candidates.find((c) => existsSync(path.join(c, "codes.txt")));
}

function generate(n) {
  const dir = path.join(repo, "target/bench", String(n));
  const site = path.join(dir, "site");
  if (existsSync(path.join(site, "book.toml")) && existsSync(path.join(site, "content/codes.txt"))) return site;
  let table = existingTable(n, dir);
  if (!table) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync("python3", [generator, String(n), path.join(dir, "gen")], { stdio: "ignore" });
    table = path.join(dir, "gen/table");
  }
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.join(site, "content"), { recursive: true });
  cpSync(table, path.join(site, "content"), { recursive: true });
  const custom = n > 500 ? "\n[table]\ncustom-codes = true\n" : "";
  writeFileSync(path.join(site, "book.toml"), `[book]\ntitle = "Benchmark, ${n} codes"\n${custom}`);
  return site;
}

/** The median time of the search index in `runs` builds, and the largest peak memory. */
function searchIndexTime(site) {
  const times = [];
  let peak = 0;
  const time = existsSync("/usr/bin/time");
  for (let i = 0; i < runs; i++) {
    const command = time ? ["/usr/bin/time", ["-v", binary, "build", "--timings", site]] : [binary, ["build", "--timings", site]];
    const result = spawnSync(command[0], command[1], { encoding: "utf8", maxBuffer: 1 << 26 });
    const line = result.stderr.split("\n").find((l) => l.includes("search index"));
    times.push(Number(/([\d.]+) ms/.exec(line)[1]));
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    if (rss) peak = Math.max(peak, Number(rss[1]) * 1024);
  }
  return { ms: times.length ? median(times) : undefined, peak };
}

/** Runs an index file as the browser would, handing what it registers to `registry`. */
function run(book, file, registry) {
  const bytes = readFileSync(path.join(book, file));
  vm.runInNewContext(bytes.toString("utf8"), { statusbookSearch: registry });
  return { raw: bytes.length, zipped: gz(bytes) };
}

/** What one query loads on a fresh page: to answer it, and then to show its results. */
function firstSearch(book, query) {
  const sizes = { raw: 0, zipped: 0 };
  const display = { raw: 0, zipped: 0 };
  const add = (into, size) => {
    into.raw += size.raw;
    into.zipped += size.zipped;
  };
  let head, shard, shown, text;
  const registry = {
    index: (d) => { head = d; },
    shard: (id, terms, entries) => { shard = [terms, entries]; },
    shown: (k, list) => { shown = list; },
    text: (k, list) => { text = list; },
  };
  add(sizes, run(book, "search/index.js", registry));
  const index = new engine.Index(head);
  let result = engine.search(index, query, 50);
  let files = 1;
  for (let round = 0; round < 4 && result.missing.size; round++) {
    for (const k of result.missing) {
      add(sizes, run(book, `search/w${index.shardFiles[k]}.js`, registry));
      index.addShard(k, ...shard);
      files++;
    }
    result = engine.search(index, query, 50);
  }
  const shownFiles = new Set(), textFiles = new Set();
  for (const r of result.results) {
    if (r.description === undefined) shownFiles.add(index.shownChunkOf(r.doc));
  }
  for (const k of shownFiles) {
    add(display, run(book, `search/d${k}.js`, registry));
    index.shown.set(k, shown);
  }
  for (const r of engine.search(index, query, 50).results) {
    if (r.inBody) textFiles.add(index.textChunkOf(r.doc));
  }
  for (const k of textFiles) add(display, run(book, `search/t${k}.js`, registry));
  return { query, files, ...sizes, display, displayFiles: shownFiles.size + textFiles.size };
}

function downloads(book) {
  const script = readFileSync(path.join(book, "static/search.js"));
  const core = readFileSync(path.join(book, "search/index.js"));
  return {
    script: { raw: script.length, zipped: gz(script) },
    core: { raw: core.length, zipped: gz(core) },
    perQuery: QUERIES.map((q) => firstSearch(book, q)),
  };
}

async function keystrokes(book, browser) {
  const server = await serve(book);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // A code's page: the home page of a large site lists every code, and is slow to open.
    const codePage = readdirSync(path.join(book, "codes")).find((f) => f.endsWith(".html"));
    await page.goto(server.url + "codes/" + codePage, { timeout: 120000 });
    await page.locator("#search-input").focus();
    await page.waitForFunction(() => document.querySelector('script[src$="search/index.js"]'));
    // The head loaded and read (a large one takes a moment), so keystrokes time searches.
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(500);
    // Each keystroke's time, and whether it had term shards to fetch first (`w*.js`).
    const durations = [];
    const termFiles = () => performance.getEntriesByType("resource").filter((r) => /\/search\/w[^/]*\.js$/.test(r.name)).length;
    for (const query of QUERIES) {
      await page.locator("#search-input").fill("");
      await page.evaluate(() => performance.clearMeasures("statusbook-search"));
      const fetched = [];
      for (const ch of query) {
        const before = await page.evaluate(() => performance.getEntriesByName("statusbook-search").length);
        const filesBefore = await page.evaluate(termFiles);
        await page.keyboard.type(ch);
        await page
          .waitForFunction((n) => performance.getEntriesByName("statusbook-search").length > n, before, { timeout: 5000 })
          .catch(() => {});
        fetched.push((await page.evaluate(termFiles)) > filesBefore);
      }
      const measured = await page.evaluate(() => performance.getEntriesByName("statusbook-search").map((e) => e.duration));
      console.error(`  ${JSON.stringify(query)}: ${measured.map((t, i) => t.toFixed(1) + (fetched[i] ? "*" : "")).join(" ")} ms (* fetched term shards)`);
      measured.forEach((ms, i) => durations.push({ ms, fetched: fetched[i] === true }));
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
  const build = searchIndexTime(site);
  const d = downloads(book);
  const firstZipped = d.perQuery.map((x) => x.zipped + d.script.zipped);
  const firstRaw = d.perQuery.map((x) => x.raw + d.script.raw);
  const shownZipped = d.perQuery.map((x) => x.display.zipped);
  for (const x of d.perQuery) {
    console.error(
      `${n} ${JSON.stringify(x.query)}: ${x.files} files, ${kb(x.zipped + d.script.zipped)} gzip ` +
        `(${kb(x.raw + d.script.raw)}); to show them ${x.displayFiles} files, ${kb(x.display.zipped)} gzip`,
    );
  }
  const times = await keystrokes(book, browser);
  const searchDir = execFileSync("du", ["-sb", path.join(book, "search")], { encoding: "utf8" }).split("\t")[0];
  rows.push({
    n,
    indexMs: build.ms ?? NaN,
    peak: build.peak,
    core: d.core,
    firstRaw: { median: median(firstRaw), max: Math.max(...firstRaw) },
    firstZipped: { median: median(firstZipped), max: Math.max(...firstZipped) },
    shown: { median: median(shownZipped), max: Math.max(...shownZipped) },
    keystroke: summary(times.map((t) => t.ms)),
    fromMemory: summary(times.filter((t) => !t.fetched).map((t) => t.ms)),
    fetching: summary(times.filter((t) => t.fetched).map((t) => t.ms)),
    searchDir: Number(searchDir),
  });
}
await browser.close();

function summary(xs) {
  return { median: xs.length ? median(xs) : NaN, p95: xs.length ? percentile(xs, 0.95) : NaN, count: xs.length };
}
const keys = (k) => `${k.median.toFixed(1)} ms (${k.p95.toFixed(1)} ms), ${k.count} keystrokes`;
const mb = (n) => (n / 1048576).toFixed(n < 10485760 ? 1 : 0) + " MB";
console.log(
  "| codes | index build | build peak memory | search files on disk | index.js (raw / gzip) | " +
    "first search downloads, median (max), gzip | raw | to show the results, gzip, median (max) | " +
    "keystroke to results, median (p95) | of which with the shards in memory | of which fetching term shards |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.n.toLocaleString("en")} | ${r.indexMs.toFixed(0)} ms | ${r.peak ? mb(r.peak) : "?"} | ${mb(r.searchDir)} | ` +
      `${kb(r.core.raw)} / ${kb(r.core.zipped)} | ` +
      `${kb(r.firstZipped.median)} (${kb(r.firstZipped.max)}) | ${kb(r.firstRaw.median)} (${kb(r.firstRaw.max)}) | ` +
      `${kb(r.shown.median)} (${kb(r.shown.max)}) | ` +
      `${keys(r.keystroke)} | ${keys(r.fromMemory)} | ${keys(r.fetching)} |`,
  );
}
