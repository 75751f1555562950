// The search engine on a large index, cut into term shards, loaded as the browser loads
// it: the head first, then the shards a search names, then the shown texts of the results.
// The site is the synthetic one of tests/support/synthetic.mjs at 6,000 codes, past the
// size where the index stops fitting in index.js (src/outputs/search, INLINE_BYTES), and
// the queries are those of tests/search/synthetic.json, whose answers were written for
// its first 1,000 codes. What a large index gives up is in docs/search.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { buildSite, engine, loadIndexData, openData, repo } from "../support/site.mjs";
import { writeSyntheticSite } from "../support/synthetic.mjs";

const source = mkdtempSync(path.join(tmpdir(), "statusbook-large-"));
writeSyntheticSite(source, 6000);
const site = buildSite(source);
const whole = openData(loadIndexData(site));
const queries = JSON.parse(readFileSync(path.join(repo, "tests/search/synthetic.json"), "utf8"));

/** A fresh page's index: the head alone, and what each file registers when it loads. */
function fresh() {
  let head, shard, shown;
  const registry = {
    index: (d) => { head = d; },
    shard: (id, terms, entries) => { shard = [terms, entries]; },
    shown: (k, list) => { shown = list; },
  };
  const run = (file) => {
    vm.runInNewContext(readFileSync(path.join(site, "search", file), "utf8"), { statusbookSearch: registry });
  };
  run("index.js");
  const index = new engine.Index(head);
  const loaded = [];
  /** Searches as the page does: loads the shards the answer names, and searches again. */
  index.answer = (query, limit = 50) => {
    let answer = engine.search(index, query, limit);
    for (let round = 0; round < 3 && answer.missing.size; round++) {
      for (const k of answer.missing) {
        run(`w${index.shardFiles[k]}.js`);
        index.addShard(k, ...shard);
        loaded.push(k);
      }
      answer = engine.search(index, query, limit);
    }
    return answer;
  };
  index.loadShown = (k) => {
    run(`d${k}.js`);
    index.shown.set(k, shown);
  };
  index.loaded = loaded;
  return index;
}

const ids = (answer) => answer.results.map((r) => (r.code === null ? r.title : r.code));

test("a large index is a head, term shards and files of shown texts", () => {
  const head = loadIndexData(site).index;
  assert.equal(head.terms, undefined, "no whole vocabulary in the head");
  assert.ok(head.shards.length > 20, `${head.shards.length} shards`);
  assert.equal(head.shards.length, head.files.length);
  assert.deepEqual([...head.shards].sort(), [...head.shards], "shards in term order");
  for (const id of head.files) assert.ok(existsSync(path.join(site, "search", `w${id}.js`)), id);
  assert.ok(existsSync(path.join(site, "search", "d0.js")));
  assert.ok(head.names.length < whole.terms.length / 2, "the head names the small fields' terms only");
});

test("a search names the shards it needs; with them it is complete, and only a few", () => {
  const index = fresh();
  const first = engine.search(index, "ledger quota", 50);
  assert.ok(first.missing.size > 0, "the words' shards are not in the head");
  const answer = index.answer("ledger quota");
  assert.equal(answer.missing.size, 0, "complete after loading what it named");
  assert.ok(index.loaded.length <= 2 * (4 + 4) + 4, `${index.loaded.length} shards`);
  assert.deepEqual(ids(answer), ids(engine.search(whole, "ledger quota", 50)));
});

test("words, prefixes, codes and headers find what the whole index finds", () => {
  const index = fresh();
  for (const query of ["1234", "12", "5xx", "webhook signature", "quar", "retry-after", "idempotency-key", "ledger"]) {
    assert.deepEqual(ids(index.answer(query)), ids(engine.search(whole, query, 50)), query);
  }
});

test("the suite's queries: a large index answers nearly all as the whole one does", (t) => {
  let same = 0;
  const differ = [];
  for (const q of queries) {
    const lazy = ids(fresh().answer(q.query, 10));
    const full = ids(engine.search(whole, q.query, 10));
    if (lazy[0] === full[0]) same++;
    else differ.push(`${q.kind} ${JSON.stringify(q.query)}: ${lazy.slice(0, 3)} instead of ${full.slice(0, 3)}`);
  }
  for (const line of differ) t.diagnostic(line);
  t.diagnostic(`same first result: ${same} of ${queries.length}`);
  assert.ok(same >= 0.9 * queries.length, `${same} of ${queries.length}`);
});

test("what results show loads with them, a file per run of documents", () => {
  const index = fresh();
  const answer = index.answer("ledger");
  const result = answer.results[0];
  assert.equal(result.description, undefined, "not in the head");
  index.loadShown(index.shownChunkOf(result.doc));
  assert.equal(index.shownOf(result.doc), whole.shownOf(result.doc));
  assert.match(index.shownOf(result.doc), /ledger/i);
});

test("an answer does not depend on what earlier searches loaded", () => {
  const index = fresh();
  for (const query of ["webhook", "tenant region", "payout", "checksum", "sandbox"]) index.answer(query);
  for (const query of ["ledgr", "quarantine", "expird token", "signatur"]) {
    assert.deepEqual(ids(index.answer(query)), ids(fresh().answer(query)), query);
  }
});

test("a code prefix finds every code whose digits start with it, and no other", () => {
  const index = fresh();
  const codes = Array.from(index.codes).filter((code) => code >= 0);
  for (const digits of ["1", "4", "40", "404", "10", "100", "1000", "2999", "0", "04", "123456789"]) {
    const expected = codes.filter((code) => String(code).startsWith(digits));
    const answer = index.answer(digits, 100000);
    assert.equal(answer.total, expected.length, digits);
    assert.deepEqual(new Set(ids(answer)), new Set(expected), digits);
    if (expected.includes(Number(digits))) assert.equal(ids(answer)[0], Number(digits), `${digits} itself first`);
  }
});
