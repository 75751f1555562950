// Unit tests of the search engine in templates/static/search.js: the query semantics,
// one rule at a time, on an index built by the real binary from tests/fixtures/search.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { buildSite, loadIndexData } from "../support/site.mjs";

const require = createRequire(import.meta.url);
const engine = require("../../templates/static/search.js");

function openIndex(dir) {
  const data = loadIndexData(buildSite(dir));
  const index = new engine.Index(data.index);
  for (const [k, postings] of data.shards) index.shards.set(k, postings);
  for (const [k, texts] of data.texts) index.texts.set(k, texts);
  return index;
}

const index = openIndex("tests/fixtures/search");

/** The codes (or page titles) a query finds, best first. */
function find(query) {
  const answer = engine.search(index, query, 100);
  assert.equal(answer.missing.size, 0, "every shard is loaded");
  return answer.results.map((r) => (r.code === null ? r.title : r.code));
}

test("a digit matches codes by prefix", () => {
  assert.deepEqual(find("4"), [400, 401, 403, 404, 405, 409, 410, 429]);
  assert.deepEqual(find("40"), [400, 401, 403, 404, 405, 409]);
  assert.deepEqual(find("42"), [429]);
});

test("an exact code comes first", () => {
  assert.deepEqual(find("404"), [404]);
  assert.deepEqual(find("41"), [410]);
});

test("4xx and 5XX select a class", () => {
  assert.deepEqual(find("5xx"), [500, 503]);
  assert.deepEqual(find("5XX"), [500, 503]);
  assert.deepEqual(find("4xx gone"), [410, 404], "410 has gone in its reason");
  assert.deepEqual(find("6xx"), []);
});

test("words match reason, keywords, description and body by prefix", () => {
  assert.deepEqual(find("forbidden"), [403]);
  assert.deepEqual(find("forb"), [403]);
  assert.deepEqual(find("deleted"), [410], "keywords and aliases");
  assert.deepEqual(find("authentication"), [401], "description");
  assert.deepEqual(find("sprocket"), [400], "body");
  assert.deepEqual(find("retry"), [429, "Rate limits"], "body of codes and pages");
});

test("one typo is tolerated in words of five letters or more", () => {
  assert.deepEqual(find("unauthorised"), [401]);
  assert.deepEqual(find("forbiden"), [403]);
  assert.deepEqual(find("fobridden"), [403], "swapped neighbours");
  assert.deepEqual(find("unathoriz"), [401], "a typo while still typing");
  assert.deepEqual(find("gnoe"), [], "no typos under five letters");
  assert.deepEqual(find("forbxxden"), [], "two typos are too many");
});

test("several words must all match, in any field", () => {
  assert.deepEqual(find("resource gone"), [410, 404]);
  assert.deepEqual(find("gone good"), [410]);
  assert.deepEqual(find("gone sprocket"), []);
  assert.deepEqual(find("40 gone"), [404]);
});

test("ranking: reason, keywords, description, body; ties in code order", () => {
  // `widget` is the reason of 409, a keyword of 410, in the description of 405, in the body of 400.
  assert.deepEqual(find("widget"), [409, 410, 405, 400]);
  // `gone` is the reason of 410 but only in the descriptions of 404 and 410.
  assert.deepEqual(find("gone"), [410, 404]);
  // `resource` is in three descriptions: code order.
  assert.deepEqual(find("resource"), [404, 409, 410]);
});

test("within a field, exact words rank above prefixes, prefixes above typos", () => {
  const tiny = new engine.Index({
    format: 1,
    docs: [[200, "Exported", ""], [201, "Export", ""], [202, "Exprot", ""]],
    terms: ["export", "exported", "exprot"],
    reason: [0, "B", 1, "A", 2, "C"],
    keywords: [],
    description: [],
    shards: [0],
    texts: [0],
  });
  tiny.shards.set(0, ["", "", ""]);
  const codes = engine.search(tiny, "export", 10).results.map((r) => r.code);
  assert.deepEqual(codes, [201, 200, 202]);
});

test("a typo ranks after every exact or prefix match, whatever the field", () => {
  // `forbidden` is the reason of 403; `forbiden` is a typo of it. A body that really says
  // `forbiden` would come first, but none does: the typo still finds 403.
  assert.deepEqual(find("forbiden"), [403]);
  // `malformed` is in the description of 400; `malforme` is a prefix of it (no typo), so it
  // ranks as a description match.
  const answer = engine.search(index, "malforme", 10);
  assert.deepEqual(answer.results.map((r) => r.code), [400]);
  assert.ok(engine.typoMatch("retry", "retri"), "a whole word one typo away");
  assert.ok(!engine.typoMatch("retry", "retrieve"), "not every word starting retr");
  assert.ok(engine.typoMatch("unathoriz", "unauthorized"), "still typing, one typo");
});

test("an index of another format is refused", () => {
  assert.throws(() => new engine.Index({ format: 99 }), /unknown search index format/);
});

test("empty, blank and junk queries find nothing and do not throw", () => {
  for (const q of ["", "   ", ".*[(", "\\", "x", "?", "(((((", "\u0000"]) {
    assert.deepEqual(find(q), [], JSON.stringify(q));
  }
});

test("a 200-character query is cut, not slow or broken", () => {
  const long = "gone ".repeat(40);
  assert.equal(long.length, 200);
  assert.deepEqual(find(long), [410, 404]);
  const started = performance.now();
  find("abcdefghij".repeat(20));
  assert.ok(performance.now() - started < 200);
});

test("HTML in a query is only text", () => {
  const q = "<img src=x onerror=alert(1)>";
  assert.deepEqual(engine.parseQuery(q).words, ["img", "src", "onerror", "alert"]);
  assert.deepEqual(find(q), []);
});

test("snippets mark the matched words and keep the rest as text", () => {
  const segments = engine.snippet("Wait for the <b>Retry-After</b> header.", new Set(["retry"]));
  assert.deepEqual(segments, [
    { text: "Wait for the <b>", mark: false },
    { text: "Retry", mark: true },
    { text: "-After</b> header.", mark: false },
  ]);
  const long = "word ".repeat(100) + "needle " + "word ".repeat(100);
  const around = engine.snippet(long, new Set(["needle"]), 80);
  assert.equal(around[0].text, "…");
  assert.ok(around.some((s) => s.mark && s.text === "needle"));
  assert.ok(around.map((s) => s.text).join("").length <= 84);
});

test("postings decode as src/search.rs encodes them", () => {
  assert.deepEqual(engine.decode("FiB"), [5, 40]);
  assert.deepEqual(engine.decode("AAA"), [0, 1, 2]);
  assert.deepEqual(engine.decode("~_B"), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(engine.decode(""), []);
});

test("edit distance of one", () => {
  assert.ok(engine.withinOneEdit("forbiden", "forbidden"));
  assert.ok(engine.withinOneEdit("unauthorised", "unauthorized"));
  assert.ok(engine.withinOneEdit("form", "from"));
  assert.ok(!engine.withinOneEdit("abc", "cba"));
  assert.ok(engine.typoMatch("unathor", "unauthorized"));
  assert.ok(!engine.typoMatch("unauthoris", "unauthorized"), "the typo must be behind the cursor");
});

test("the repository's own site: the searches the issue names", () => {
  const own = openIndex(".");
  const codes = (q) => engine.search(own, q, 100).results.map((r) => (r.code === null ? r.title : r.code));
  assert.deepEqual(codes("40"), [400, 401, 403, 404, 406]);
  assert.equal(codes("auth")[0], 401);
  assert.equal(codes("unauthorised")[0], 401);
  assert.ok(codes("cache").includes(304));
  assert.deepEqual(codes("5xx"), [500, 503]);
});

test("any query gives an answer, never an exception (2,000 random queries)", () => {
  // A small seeded generator, so a failure can be reproduced.
  let seed = 20261129;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pieces = ["4", "40", "404", "5xx", "XX", "auth", "retry", "é", "中", "👍", "-", " ", "  ", "\t", "\"", "'", "(", "*", "%", "\\", "\u0000", "0", "99999999999999999999", "a".repeat(300), "unavailible"];
  for (let n = 0; n < 2000; n++) {
    let query = "";
    const length = Math.floor(random() * 6);
    for (let i = 0; i < length; i++) query += pieces[Math.floor(random() * pieces.length)];
    const answer = engine.search(index, query, 10);
    assert.ok(answer.results.length <= 10, query);
    const ids = answer.results.map((r) => (r.code === null ? r.title : r.code));
    assert.equal(new Set(ids).size, ids.length, `each result once: ${JSON.stringify(query)}`);
  }
});
