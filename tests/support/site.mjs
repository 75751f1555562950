// Builds sites with the real statusbook binary, for the JavaScript and browser tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const binary = process.env.STATUSBOOK_BIN || path.join(repo, "target/debug/statusbook");

/** Builds the site in `dir` (relative to the repository) into a fresh temporary folder. */
export function buildSite(dir = ".") {
  const out = mkdtempSync(path.join(tmpdir(), "statusbook-site-"));
  execFileSync(binary, ["build", "-q", path.resolve(repo, dir), "-d", out], { stdio: "inherit" });
  return out;
}

/** Loads a built site's search index files as the browser would: every shard and text file. */
export function loadIndexData(site) {
  const data = { index: null, shards: new Map(), texts: new Map() };
  const registry = {
    index: (d) => { data.index = d; },
    shard: (k, p) => { data.shards.set(k, p); },
    text: (k, t) => { data.texts.set(k, t); },
  };
  const dir = path.join(site, "search");
  for (const file of readdirSync(dir).sort()) {
    vm.runInNewContext(readFileSync(path.join(dir, file), "utf8"), { statusbookSearch: registry });
  }
  return data;
}
