// Builds sites with the real statusbook binary, for the JavaScript and browser tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.STATUSBOOK_BIN || path.join(repo, "target/debug/statusbook");

/** Builds the site in `dir` (relative to the repository) into a fresh temporary folder. */
export function buildSite(dir = ".") {
  const out = mkdtempSync(path.join(tmpdir(), "statusbook-site-"));
  execFileSync(binary, ["build", "-q", path.resolve(repo, dir), "-d", out], { stdio: "inherit" });
  return out;
}

/**
 * Loads a built site's search index files as the browser would: the head, and every term
 * shard (by its file's id), file of shown texts and text file.
 */
export function loadIndexData(site) {
  const data = { index: null, shards: new Map(), shown: new Map(), texts: new Map() };
  const registry = {
    index: (d) => { data.index = d; },
    shard: (id, terms, entries) => { data.shards.set(id, [terms, entries]); },
    shown: (k, s) => { data.shown.set(k, s); },
    text: (k, t) => { data.texts.set(k, t); },
  };
  const dir = path.join(site, "search");
  for (const file of readdirSync(dir).sort()) {
    vm.runInNewContext(readFileSync(path.join(dir, file), "utf8"), { statusbookSearch: registry });
  }
  return data;
}

/** The search engine (templates/static/search.js) as Node loads it. */
export const engine = createRequire(import.meta.url)("../../templates/static/search.js");

/** Opens loaded index files (see `loadIndexData`) with every shard, shown text and text in. */
export function openData(data) {
  const index = new engine.Index(data.index);
  (data.index.files ?? []).forEach((id, k) => index.addShard(k, ...data.shards.get(id)));
  for (const [k, shown] of data.shown) index.shown.set(k, shown);
  for (const [k, texts] of data.texts) index.texts.set(k, texts);
  return index;
}

/** Builds the site in `dir` and opens its search index with every file loaded. */
export function openIndex(dir) {
  return openData(loadIndexData(buildSite(dir)));
}
