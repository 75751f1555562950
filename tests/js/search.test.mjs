// Unit tests of the search engine in templates/static/search.js: each ranking rule on a
// small index made here, where every field's text is chosen, then the query semantics on an
// index built by the real binary from tests/fixtures/search (whose codes also carry the
// built-in reference text). How well search answers real queries is measured by
// relevance.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { engine, openIndex, repo } from "../support/site.mjs";


const index = openIndex("tests/fixtures/search");

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Postings as gap lists, the first form `encode_postings` writes. */
function encode(ids) {
  let out = "";
  let previous = -1;
  for (const id of ids) {
    let gap = id - previous - 1;
    previous = id;
    for (;;) {
      const digit = gap % 32;
      gap = Math.floor(gap / 32);
      if (gap === 0) {
        out += ALPHABET[digit];
        break;
      }
      out += ALPHABET[digit | 32];
    }
  }
  return out;
}

/** Numbers as `encode_numbers` writes them: zigzagged differences, as varints. */
function numbers(values) {
  let out = "";
  let previous = 0;
  for (const value of values) {
    const delta = value - previous;
    previous = value;
    let zigzag = delta < 0 ? -2 * delta - 1 : 2 * delta;
    for (;;) {
      const digit = zigzag % 32;
      zigzag = Math.floor(zigzag / 32);
      if (zigzag === 0) {
        out += ALPHABET[digit];
        break;
      }
      out += ALPHABET[digit | 32];
    }
  }
  return out;
}

const FIELDS = ["reason", "aliases", "topics", "summary", "headings", "body"];

/**
 * An index of hand-written documents, `{code, reason, aliases, topics, summary, headings,
 * body}` (lists or strings), tokenized as src/outputs/search does; `common` lists the
 * documents most often met, first first.
 */
function tinyIndex(docs, common = []) {
  const texts = (doc, field) => [].concat(doc[field] ?? []);
  const termsOf = (text) => engine.words(text).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  const postings = FIELDS.map(() => new Map());
  docs.forEach((doc, id) => {
    FIELDS.forEach((field, f) => {
      for (const text of texts(doc, field)) {
        for (const term of termsOf(text)) {
          const ids = postings[f].get(term) ?? [];
          if (ids.at(-1) !== id) ids.push(id);
          postings[f].set(term, ids);
        }
      }
    });
  });
  const terms = [...new Set(postings.flatMap((p) => [...p.keys()]))].sort();
  const data = {
    format: 3,
    codes: numbers(docs.map((d) => d.code + 1)),
    titles: docs.map((d) => d.reason ?? ""),
    urls: [],
    shown: docs.map((d) => texts(d, "summary").join(" ")),
    common,
    textRun: docs.length,
    terms,
    entries: terms.map((t) => FIELDS.map((_, f) => encode(postings[f].get(t) ?? [])).join(",")),
  };
  const tiny = new engine.Index(data);
  tiny.texts.set(0, docs.map((d) => texts(d, "body").join("\n")));
  return tiny;
}

/** The codes a query finds in `tiny`, best first. */
const codesIn = (tiny, query) => engine.search(tiny, query, 100).results.map((r) => r.code);

/** The codes (or page titles) a query finds, best first. */
function find(query) {
  const answer = engine.search(index, query, 100);
  assert.equal(answer.missing.size, 0, "every shard is loaded");
  return answer.results.map((r) => (r.code === null ? r.title : r.code));
}

test("a digit matches codes by prefix, the codes met most often first", () => {
  assert.deepEqual(find("4"), [404, 401, 403, 400, 429, 409, 405, 410]);
  assert.deepEqual(find("40"), [404, 401, 403, 400, 409, 405]);
  assert.deepEqual(find("40x"), [404, 401, 403, 400, 409, 405], "40x is the prefix 40");
  assert.deepEqual(find("42"), [429]);
});

test("an exact code comes first", () => {
  assert.deepEqual(find("404"), [404]);
  assert.deepEqual(find("41"), [410]);
});

test("digits with a leading zero, or more digits than any code, name no code", () => {
  assert.deepEqual(find("04"), []);
  assert.deepEqual(find("0404"), []);
  assert.deepEqual(find("4040"), []);
});

test("codes of any number of digits match a prefix as their text would", () => {
  const codes = [7, 70, 700, 7000, 17, 0, 71, 799999, 8, null];
  const docs = { codes: Int32Array.from(codes, (code) => (code === null ? -1 : code)) };
  for (const digits of ["7", "70", "700", "7000", "70000", "0", "00", "07", "1", "17", "79", "799999", "8"]) {
    const matches = engine.Index.prototype.codeMatcher.call(docs, digits);
    const expected = codes.map((code) =>
      code === null ? -1 : String(code) === digits ? 0 : String(code).startsWith(digits) ? 1 : -1);
    assert.deepEqual(codes.map((_, d) => matches(d)), expected, digits);
  }
});

test("a reason phrase's words are read alike from ASCII and from any other text", () => {
  const reference = (title) => engine.words(title).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  const titles = ["Too Many Requests", "I'm a teapot", "HTTP/1.1 Upgrade-Required 426", "a b 42 x2 RFC9110",
    "  Échec   de l'authentification ", "Zugriff verweigert – Ü", "", "---", "Payment_Required9"];
  for (const title of titles) assert.deepEqual(engine.nameWords(title), reference(title), title);
});

test("4xx and 5XX select a class", () => {
  assert.deepEqual(find("5xx"), [500, 503]);
  assert.deepEqual(find("5XX"), [500, 503]);
  assert.deepEqual(find("4xx gone").slice(0, 2), [410, 404], "410 has gone in its reason");
  assert.ok(find("4xx gone").every((code) => code >= 400 && code < 500));
  assert.deepEqual(find("6xx"), []);
});

test("words match every field by prefix: the written page's and the built-in text", () => {
  const first = (q) => find(q)[0];
  assert.equal(first("forbidden"), 403);
  assert.equal(first("forb"), 403);
  assert.equal(first("deleted"), 410, "front matter keywords and aliases");
  assert.equal(first("authentication"), 401, "description");
  assert.deepEqual(find("sprocket"), [400], "a written body");
  assert.ok(find("forbidden").includes(404), "the built-in text of 404 mentions 403 Forbidden");
  assert.deepEqual(new Set(find("retry").slice(0, 3)), new Set([429, 503, 500]), "the codes about retrying first");
  assert.ok(find("retry").includes("Rate limits"), "pages too");
});

test("one typo is tolerated in words of four letters or more, two from ten", () => {
  const first = (q) => find(q)[0];
  assert.equal(first("unauthorised"), 401);
  assert.equal(first("forbiden"), 403);
  assert.equal(first("fobridden"), 403, "swapped neighbours");
  assert.equal(first("unathoriz"), 401, "a typo while still typing");
  assert.equal(first("unauthorizde"), 401);
  assert.deepEqual(find("bda"), [], "no typos under four letters");
  assert.ok(find("gnoe").includes(410), "gone, swapped");
  assert.equal(find("forb")[0], 403, "a four-letter word of the site is not taken for a typo");
  assert.ok(!find("gone").includes(400), "so gone does not find done or one");
  assert.deepEqual(find("forbxxden"), [], "two typos are too many under ten letters");
  assert.equal(first("authentikatoin"), 401, "two in a long word");
});

test("several words must all match, in any field", () => {
  assert.deepEqual(find("resource gone"), [410, 404]);
  assert.deepEqual(find("gone good"), [410]);
  assert.deepEqual(find("gone sprocket"), []);
  assert.deepEqual(find("40 gone"), [404]);
});

test("ranking: a match weighs more in an earlier field: reason, aliases, topics, summary, headings, body", () => {
  const docs = FIELDS.map((field, i) => ({ code: 600 - i, [field]: "widget" }));
  assert.deepEqual(codesIn(tinyIndex(docs), "widget"), [600, 599, 598, 597, 596, 595]);
});

test("ranking: a word's best field counts whole, the other fields it is in a quarter", () => {
  const docs = [
    { code: 601, reason: "Widget Gone" },
    { code: 602, aliases: "widget" },
    { code: 603, aliases: "widget", topics: "widget", summary: "A widget.", headings: "Widget", body: "widget" },
  ];
  // 601: 12. 602: 9. 603: 9 + (7 + 4 + 3 + 1) / 4 = 12.75.
  assert.deepEqual(codesIn(tinyIndex(docs), "widget"), [603, 601, 602]);
});

test("ranking: within a field, exact over prefix over inside a word over typos", () => {
  const docs = [
    { code: 601, reason: "Exported" },
    { code: 602, reason: "Reexport" },
    { code: 603, reason: "Export" },
    { code: 604, reason: "Exprot" },
  ];
  assert.deepEqual(codesIn(tinyIndex(docs), "export"), [603, 601, 602, 604]);
});

test("matches inside a word need three letters and never come from the body", () => {
  const docs = [
    { code: 601, reason: "Unauthorized" },
    { code: 602, body: "We reauthorize nightly." },
    { code: 603, reason: "Mauve" },
  ];
  const tiny = tinyIndex(docs);
  assert.deepEqual(codesIn(tiny, "auth"), [601]);
  assert.deepEqual(codesIn(tiny, "au"), [], "two letters match only at a word's start");
});

test("a typo ranks after every match as typed, whatever the field; fewer typos first", () => {
  const docs = [
    { code: 601, reason: "Authentication" },
    { code: 602, body: "authentcation" },
    { code: 603, reason: "Authenticatoin Failed" },
    { code: 604, reason: "Athntcaton" },
  ];
  // `authentcation` is typed as in 602's body: as typed beats a typo of the reason (601).
  // 603 is two typos away (a swap counts once, plus the missing i), 604 three: too many.
  assert.deepEqual(codesIn(tinyIndex(docs), "authentcation"), [602, 601, 603]);
});

test("equal matches rank the codes met most often first, then in site order", () => {
  const docs = [
    { code: 451, reason: "Unavailable For Legal Reasons" },
    { code: 503, reason: "Service Unavailable" },
    { code: 599, reason: "Network Unavailable" },
  ];
  const tiny = tinyIndex(docs, [1, 0]);
  assert.deepEqual(codesIn(tiny, "unavailable"), [503, 451, 599]);
  assert.deepEqual(codesIn(tiny, "unavailible"), [503, 451, 599], "typos too, by commonness");
  assert.deepEqual(codesIn(tiny, "5"), [503, 599], "codes alone stay in code order");
});

test("a topic a code is about ranks it above pages that only mention the word", () => {
  const docs = [
    { code: 200, body: "There is nothing to retry." },
    { code: 503, topics: ["retry", "backoff"], body: "Retry after the wait." },
  ];
  assert.deepEqual(codesIn(tinyIndex(docs, [0, 1]), "retry"), [503, 200]);
});

test("every word must match, but words like `what is` and `http` need not", () => {
  const docs = [
    { code: 601, reason: "Quota Exceeded", body: "What is a quota?" },
    { code: 602, reason: "Quota Reset" },
  ];
  const tiny = tinyIndex(docs);
  assert.deepEqual(codesIn(tiny, "quota exceeded"), [601]);
  assert.deepEqual(codesIn(tiny, "what is quota"), [601, 602]);
  assert.deepEqual(codesIn(tiny, "http quota reset"), [602]);
  assert.deepEqual(codesIn(tiny, "what"), [601], "a query of such words alone needs them");
});

test("a typo is behind the cursor: the word so far, not any word starting alike", () => {
  assert.ok(engine.typos("retry", "retri", 1) >= 0, "a whole word one typo away");
  assert.equal(engine.typos("retry", "retrieve", 1), -1, "not every word starting retr");
  assert.ok(engine.typos("unathoriz", "unauthorized", 1) >= 0, "still typing, one typo");
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

test("postings and numbers decode as src/outputs/search encodes them", () => {
  assert.deepEqual(engine.decodeNumbers("w-BCCnfx-B"), [1000, 1001, 1002, 502, -499]);
  assert.deepEqual(engine.decodeNumbers(numbers([404, 0, 3, 7])), [404, 0, 3, 7]);
  assert.deepEqual(Array.from(engine.decode("FiB")), [5, 40]);
  assert.deepEqual(Array.from(engine.decode("AAA")), [0, 1, 2]);
  assert.deepEqual(Array.from(engine.decode("~_B")), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(engine.decode("")), []);
});

test("edit distance", () => {
  assert.ok(engine.typos("forbiden", "forbidden", 1, false) >= 0);
  assert.ok(engine.typos("unauthorised", "unauthorized", 1, false) >= 0);
  assert.ok(engine.typos("form", "from", 1, false) >= 0);
  assert.equal(engine.typos("abc", "cba", 1, false), -1);
  assert.ok(engine.typos("unathor", "unauthorized", 1) >= 0);
  assert.equal(engine.typos("unauthoris", "unauthorized", 1), -1, "the typo must be behind the cursor");
  assert.equal(engine.typos("authentification", "authentication", 2), 2);
  assert.equal(engine.typos("authentification", "authentication", 1), -1);
  assert.equal(engine.typos("unavailible", "unavailable", 2), 1);
});

test("the repository's own site: the searches the issue names", () => {
  const own = openIndex(".");
  const codes = (q) => engine.search(own, q, 100).results.map((r) => (r.code === null ? r.title : r.code));
  assert.deepEqual(codes("40"), [404, 401, 403, 400, 406]);
  assert.equal(codes("auth")[0], 401);
  assert.equal(codes("unauthorised")[0], 401);
  assert.ok(codes("cache").includes(304));
  assert.deepEqual(codes("5xx"), [500, 503]);
});

test("a bare table of the registry's 64 entries: the searches the issue reported", () => {
  // tests/fixtures/iana plus the two entries the registry lists as "(Unused)".
  const dir = mkdtempSync(path.join(tmpdir(), "statusbook-iana64-"));
  cpSync(path.join(repo, "tests/fixtures/iana"), dir, { recursive: true });
  appendFileSync(
    path.join(dir, "content/codes.txt"),
    "306 (Unused): Registered in the IANA HTTP Status Code Registry; defined by RFC9110, Section 15.4.7.\n" +
      "418 (Unused): Registered in the IANA HTTP Status Code Registry; defined by RFC9110, Section 15.5.19.\n",
  );
  const iana = openIndex(dir);
  const codes = (q) => engine.search(iana, q, 100).results.map((r) => r.code);
  assert.equal(codes("auth")[0], 401, "a match after un- is a prefix");
  assert.equal(codes("payload")[0], 413, "a former reason phrase");
  assert.equal(codes("teapot")[0], 418, "a nickname");
  assert.equal(codes("unavailible")[0], 503, "equal typos: the code met most");
  const retry = codes("retry");
  assert.ok([429, 503].includes(retry[0]), `retry: ${retry.slice(0, 5)}`);
  assert.ok(retry.indexOf(200) > retry.indexOf(500) && retry.indexOf(200) > retry.indexOf(503));
  assert.equal(codes("rate limit")[0], 429);
  assert.equal(codes("too many requests")[0], 429);
  assert.equal(codes("login")[0], 401);
  assert.equal(codes("token")[0], 401);
  assert.equal(codes("cache")[0], 304);
  assert.ok([408, 504].includes(codes("timeout")[0]));
  assert.equal(codes("www-authenticate")[0], 401, "generated text: the headers that matter");
  assert.ok([429, 503].includes(codes("retry-after")[0]));
  assert.ok([206, 416].includes(codes("content-range")[0]));
  // The generated text is indexed: a word only the built-in reference uses.
  assert.ok(codes("jitter").length > 0);
  // Snippets keep a heading apart from its paragraph.
  const answer = engine.search(iana, "retrying", 5);
  const text = iana.textOf(answer.results[0].doc);
  assert.ok(!/\w Retrying \w/.test(engine.snippet(text, answer.terms).map((x) => x.text).join("")));
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

test("a snippet stays in the block holding the match; a heading runs on after a dash", () => {
  const text = "Intro paragraph about nothing.\nRetrying\nThere is nothing to retry: the request worked.\nCaching\nStored for a while.";
  const joined = (q) => engine.snippet(text, new Set([q])).map((s) => s.text).join("");
  assert.equal(joined("retrying"), "Retrying — There is nothing to retry: the request worked.");
  assert.equal(joined("stored"), "Stored for a while.");
  assert.equal(joined("absent"), "Intro paragraph about nothing. — Retrying", "no match: the first block");
});
