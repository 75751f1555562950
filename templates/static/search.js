// statusbook search: finds codes as you type, from an index of plain script files, so it
// works from file://, under any sub-path and under `Content-Security-Policy: default-src 'self'`.
//
// The engine (tokenizing, decoding postings, matching, ranking, snippets) is pure and is
// exported for the unit tests under Node; the user interface below it runs in browsers.
// The index format is written by src/outputs/search/ (its module docs describe the files);
// the two must agree.
(function () {
  "use strict";

  var FORMAT = 3;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // A digit's value by its character code; what a list holds of numbers is read by code
  // (`charCodeAt`), which stays fast before the browser has compiled the loops.
  var DIGIT = new Int8Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET.charCodeAt(a)] = a;
  // The set bits of each digit of a bitmap, low first.
  var BITS = [];
  for (var v = 0; v < 64; v++) {
    BITS.push([]);
    for (var bit = 0; bit < 6; bit++) if (v & (1 << bit)) BITS[v].push(bit);
  }

  // Fields, best first (`Field` in src/outputs/search/documents.rs): reason, aliases,
  // topics, summary, headings and the body.
  var BODY = 5, FIELDS = 6;
  var POWERS_OF_TEN = [];
  for (var power = 1, p10 = 0; p10 < 22; p10++, power *= 10) POWERS_OF_TEN.push(power);
  // How results are ranked (exported, so a test can show that each rule counts):
  // - `weights`: a word's score in a document is the sum, over the fields it matches in, of
  //   the field's weight times the match's quality out of 100 (below);
  // - `optional`: what a word like `error` or `http` counts for, being on most pages;
  // - `compound`: what a name found whole (`Retry-After`, `proxy error`) counts for, as
  //   a multiple of a word;
  // - `prior`: what the code met most often gains (see knowledge::MOST_MET), down to
  //   nothing for the last; a page of the site's own, a guide, gains `page`;
  // - `wholeReason`: what a document gains when the query names its whole reason phrase.
  var RANKING = {
    weights: [12, 9, 7, 4, 3, 1],
    spread: 0.25,
    optional: 0.25,
    compound: 2,
    prior: 4,
    page: 4,
    wholeReason: 10,
  };
  // Match qualities, out of 100: exact; another form of the word; a prefix (from 60, more
  // the more of the word is typed); inside a word; one typo; two typos.
  var EXACT = 100, SAME_WORD = 95, PREFIX = 60, INFIX = 45;
  var TYPO_QUALITY = [0, 30, 15];
  var MAX_PREFIX_TERMS = 300;
  var MAX_INFIX_TERMS = 200;
  // In a large index, loaded in shards: how many shards a word's prefixes take at most, and
  // how many more its names from elsewhere (matches inside words, typos) may bring.
  var MAX_WORD_SHARDS = 4;
  var MAX_EXTRA_SHARDS = 4;
  var NEGATIONS = ["un", "non"];
  var MAX_WORDS = 12;
  // Words that narrow nothing: they count when they match, but a page need not hold them.
  var OPTIONAL = new Set(["a", "an", "the", "is", "are", "what", "does", "do", "of", "to", "for",
    "in", "on", "and", "or", "my", "me", "it", "how", "why", "when", "with", "code", "status",
    "http", "response", "error"]);

  // ---- Engine ----------------------------------------------------------------------

  /**
   * Increasing document ids, as an Int32Array, from the encoding written by
   * `encode_postings` in src/outputs/search: a bitmap (`~` and six documents a digit) or
   * varints of the gaps. The ids are counted first and written into an array of their size:
   * a large site's lists run to tens of thousands.
   */
  function decode(encoded) {
    var n = encoded.length, count = 0, i, out = 0, ids;
    if (encoded.charCodeAt(0) === 126) {
      for (i = 1; i < n; i++) count += BITS[DIGIT[encoded.charCodeAt(i)]].length;
      ids = new Int32Array(count);
      for (i = 1; i < n; i++) {
        var bits = BITS[DIGIT[encoded.charCodeAt(i)]], base = (i - 1) * 6;
        for (var b = 0; b < bits.length; b++) ids[out++] = base + bits[b];
      }
      return ids;
    }
    for (i = 0; i < n; i++) if (DIGIT[encoded.charCodeAt(i)] < 32) count++;
    ids = new Int32Array(count);
    var previous = -1, value = 0, scale = 1;
    for (i = 0; i < n; i++) {
      var d = DIGIT[encoded.charCodeAt(i)];
      value += (d & 31) * scale;
      if (d < 32) {
        previous += value + 1;
        ids[out++] = previous;
        value = 0;
        scale = 1;
      } else {
        scale *= 32;
      }
    }
    return ids;
  }

  /** The numbers `encode_numbers` in src/outputs/search wrote: zigzagged differences. */
  function decodeNumbers(encoded) {
    var numbers = [], previous = 0, value = 0, scale = 1;
    for (var j = 0; j < encoded.length; j++) {
      var d = DIGIT[encoded.charCodeAt(j)];
      value += (d & 31) * scale;
      if (d < 32) {
        previous += value % 2 ? -(value + 1) / 2 : value / 2;
        numbers.push(previous);
        value = 0;
        scale = 1;
      } else {
        scale *= 32;
      }
    }
    return numbers;
  }

  var SEPARATORS = /[^\p{Alphabetic}\p{N}]+/u;

  /** Lower-case words of letters and digits, as the index was built (`each_term` in src/outputs/search). */
  function words(text) {
    return text.toLowerCase().split(SEPARATORS).filter(function (w) { return w !== ""; });
  }

  /**
   * The words of a reason phrase or title as the index holds them: `words`, without single
   * letters and numbers. Titles are mostly ASCII, read here a character at a time: a query
   * can ask this of thousands of titles, and a regular expression per title is slow.
   */
  function nameWords(title) {
    var list = [], start = 0, letters = false;
    for (var i = 0; i <= title.length; i++) {
      var c = i < title.length ? title.charCodeAt(i) : 32;
      if (c >= 128) {
        return words(title).filter(function (w) { return w.length >= 2 && !/^\d+$/.test(w); });
      }
      var upper = c >= 65 && c <= 90, lower = c >= 97 && c <= 122, digit = c >= 48 && c <= 57;
      if (upper || lower || digit) {
        if (upper || lower) letters = true;
        continue;
      }
      if (i - start >= 2 && letters) list.push(title.slice(start, i).toLowerCase());
      start = i + 1;
      letters = false;
    }
    return list;
  }

  /**
   * What a query asks for: code prefixes (`40`, and `40x`), classes (`4xx`), words, and
   * compounds: names written with `-` or `_` (`Retry-After`), run together as the index
   * holds them (`each_compound` in src/outputs/search). `RFC 6585` is the word `rfc6585`.
   */
  function parseQuery(query) {
    var parsed = { codes: [], classes: [], words: [], compounds: [] };
    var text = String(query).slice(0, 200);
    text.split(/\s+/).forEach(function (token) {
      var parts = words(token);
      if (parts.length >= 2 && /[\p{Alphabetic}\p{N}][-_]+[\p{Alphabetic}\p{N}]/u.test(token)) {
        var compound = parts.join("");
        if (/\p{Alphabetic}/u.test(compound) && parsed.compounds.indexOf(compound) < 0) parsed.compounds.push(compound);
      }
    });
    var all = words(text);
    // The whole query as one compound too: it finds a name of several words (`proxy error`).
    var joined = all.filter(function (w) { return !/^\d+$/.test(w); });
    if (joined.length >= 2 && parsed.compounds.indexOf(joined.join("")) < 0) parsed.compounds.push(joined.join(""));
    for (var i = 0; i < all.length; i++) {
      var w = all[i];
      if (w === "rfc" && /^\d+$/.test(all[i + 1] || "")) w = "rfc" + all[++i];
      if (/^\d+$/.test(w)) parsed.codes.push(w);
      else if (/^[1-5]xx$/.test(w)) parsed.classes.push(Number(w[0]));
      else if (/^\d\dx$/.test(w)) parsed.codes.push(w.slice(0, 2));
      else if (w.length >= 2 && parsed.words.indexOf(w) < 0) parsed.words.push(w);
    }
    parsed.words = parsed.words.slice(0, MAX_WORDS);
    parsed.compounds = parsed.compounds.slice(0, MAX_WORDS);
    return parsed;
  }

  /** How many typos a word may carry: none under four letters (see `candidates`), two from ten. */
  function typosAllowed(word) {
    return word.length >= 10 ? 2 : word.length >= 4 ? 1 : 0;
  }

  /**
   * The fewest typos (insertions, deletions, substitutions, swaps of neighbours) that turn
   * `word` into `term`, or into a start of `term` (the reader may still be typing), if at
   * most `max`; else -1. A start of `term` counts only if it ends with the word's last
   * letter, so that the typo is behind the cursor: `unathor` finds `unauthorized`, but
   * `retry` does not find `retrieve`.
   */
  function typos(word, term, max, starts) {
    var m = word.length, n = starts === false ? term.length : Math.min(term.length, m + max);
    if (starts === false && Math.abs(term.length - m) > max) return -1;
    if (term.length < m - max || n + 1 > ROW) return -1;
    // Rows of the edit-distance table (optimal string alignment), two back for swaps, in
    // buffers kept between calls: this runs for many terms on every keystroke.
    var before = ROWS[0], previous = ROWS[1], row = ROWS[2];
    for (var j = 0; j <= n; j++) previous[j] = j;
    for (var i = 1; i <= m; i++) {
      row[0] = i;
      var low = i;
      for (var k = 1; k <= n; k++) {
        var cost = word.charCodeAt(i - 1) === term.charCodeAt(k - 1) ? 0 : 1;
        var v = Math.min(previous[k] + 1, row[k - 1] + 1, previous[k - 1] + cost);
        if (i > 1 && k > 1 && word.charCodeAt(i - 1) === term.charCodeAt(k - 2) &&
            word.charCodeAt(i - 2) === term.charCodeAt(k - 1)) {
          v = Math.min(v, before[k - 2] + 1);
        }
        row[k] = v;
        if (v < low) low = v;
      }
      if (low > max) return -1;
      var spare = before;
      before = previous;
      previous = row;
      row = spare;
    }
    var best = term.length <= n && previous[term.length] <= max ? previous[term.length] : -1;
    for (var end = Math.max(1, m - max); starts !== false && end <= n && end < term.length; end++) {
      if (term[end - 1] === word[m - 1] && previous[end] <= max && (best < 0 || previous[end] < best)) {
        best = previous[end];
      }
    }
    return best;
  }

  var ROW = 64;
  var ROWS = [new Int32Array(ROW), new Int32Array(ROW), new Int32Array(ROW)];

  /**
   * The loaded index: documents, the vocabulary loaded so far and its postings, with caches
   * for decoded lists. A small index comes whole in index.js; a large one (`lazy`) brings
   * the vocabulary of the small fields (`names`) and where each term shard starts, and
   * shards join it as they load (`addShard`).
   */
  function Index(data) {
    if (!data || data.format !== FORMAT) throw new Error("statusbook: unknown search index format");
    // The documents, a column each (a large site has a hundred thousand): the code (-1 for
    // a page of the site's own), the title, what a result shows under it (in a small
    // index), and a page's address.
    var values = decodeNumbers(data.codes), n = values.length;
    this.count = n;
    this.codes = new Int32Array(n);
    this.isPage = new Uint8Array(n);
    this.titles = data.titles;
    this.inlineShown = data.shown;
    this.urls = new Map();
    for (var d = 0, page = 0; d < n; d++) {
      this.codes[d] = values[d] - 1;
      if (values[d] === 0) {
        this.isPage[d] = 1;
        this.urls.set(d, data.urls[page++]);
      }
    }
    this.textRun = data.textRun;
    this.shownRun = data.shownRun;
    this.lazy = !data.terms;
    this.entries = new Map();
    if (this.lazy) {
      this.terms = data.names.slice();
      this.names = new Set(data.names);
      this.shardFirsts = data.shards;
      this.shardFiles = data.files;
    } else {
      this.terms = data.terms;
      for (var t = 0; t < data.terms.length; t++) this.entries.set(data.terms[t], data.entries[t]);
    }
    // Each document's place among the codes most often met; the rest come after, in order.
    this.common = data.common.length;
    this.prior = new Int32Array(n).fill(this.common);
    for (var c = 0; c < data.common.length; c++) this.prior[data.common[c]] = c;
    this.reasons = new Map();
    this.shards = new Set();
    this.texts = new Map();
    this.shown = new Map();
    this.decoded = new Map();
    this.candidateCache = new Map();
  }

  var NONE = [];

  /** Per-document arrays for one search, cleared: kept between searches, as a site is large. */
  Index.prototype.scratch = function () {
    var n = this.count, s = this.buffers;
    if (!s) {
      s = this.buffers = {
        tier: new Int8Array(n), typoCount: new Int32Array(n), score: new Float64Array(n),
        hits: new Int32Array(n), named: new Uint8Array(n), best: new Uint8Array(n * FIELDS),
        fewest: new Uint8Array(n), touched: new Int32Array(n),
      };
    }
    s.typoCount.fill(0);
    s.score.fill(0);
    s.hits.fill(0);
    s.named.fill(0);
    s.best.fill(0);
    s.fewest.fill(255);
    return s;
  };

  /**
   * How each document stands to the code prefix `digits` (a query word of digits): 0 its
   * code is those digits, 1 its code starts with them, -1 neither or it is no code. Reckoned
   * with numbers, not the codes' text: a large site has a hundred thousand codes.
   */
  Index.prototype.codeMatcher = function (digits) {
    var codes = this.codes;
    if (!this.digitCounts) {
      this.digitCounts = new Int8Array(codes.length);
      for (var d = 0; d < codes.length; d++) {
        var count = 0;
        for (var rest = codes[d]; rest >= 0 && (count === 0 || rest >= 1); rest = Math.floor(rest / 10)) count++;
        this.digitCounts[d] = count;
      }
    }
    var counts = this.digitCounts, wanted = Number(digits), length = digits.length;
    // No code is written with a leading zero.
    var possible = length === 1 || digits.charCodeAt(0) !== 48;
    return function (doc) {
      var count = counts[doc];
      if (!possible || count < length) return -1;
      var scaled = Math.floor(codes[doc] / POWERS_OF_TEN[count - length]);
      return scaled !== wanted ? -1 : count === length ? 0 : 1;
    };
  };

  /** The documents holding `term` in `field`, or null while the term's shard is not loaded. */
  Index.prototype.postings = function (field, term) {
    var lists = this.decoded.get(term);
    if (!lists) {
      var entry = this.entries.get(term);
      if (entry === undefined) return null;
      lists = entry.split(",");
      this.decoded.set(term, lists);
    }
    var list = lists[field];
    if (!list) return NONE;
    // Kept decoded: the next keystroke often reads the same lists.
    if (typeof list === "string") list = lists[field] = decode(list);
    return list;
  };

  /** Takes in term shard `k`: its sorted `terms` and their postings, `entries`. */
  Index.prototype.addShard = function (k, terms, entries) {
    if (this.shards.has(k)) return;
    this.shards.add(k);
    if (!terms) return;
    for (var i = 0; i < terms.length; i++) this.entries.set(terms[i], entries[i]);
    // The shard's terms replace the names in its range, which it holds too.
    var lo = lowerBound(this.terms, this.shardFirsts[k]);
    var hi = k + 1 < this.shardFirsts.length ? lowerBound(this.terms, this.shardFirsts[k + 1]) : this.terms.length;
    this.terms = this.terms.slice(0, lo).concat(terms, this.terms.slice(hi));
    this.candidateCache.clear();
  };

  /** The term shard that holds `term`, or would. */
  Index.prototype.shardOf = function (term) {
    return Math.max(0, upperBound(this.shardFirsts, term) - 1);
  };

  /** Adds to `into` the shards holding the terms that start with `prefix`: MAX_WORD_SHARDS at most. */
  Index.prototype.cover = function (prefix, into) {
    var firsts = this.shardFirsts, k = this.shardOf(prefix);
    into.add(k);
    for (var j = k + 1; j < firsts.length && j - k < MAX_WORD_SHARDS && firsts[j].lastIndexOf(prefix, 0) === 0; j++) {
      into.add(j);
    }
  };

  /** The words of a document's reason phrase or title, as the index holds them. */
  Index.prototype.reasonWords = function (doc) {
    var cached = this.reasons.get(doc);
    if (cached) return cached;
    var list = nameWords(this.titles[doc]);
    this.reasons.set(doc, list);
    return list;
  };

  Index.prototype.textChunkOf = function (doc) {
    return Math.floor(doc / this.textRun);
  };

  Index.prototype.textOf = function (doc) {
    var k = this.textChunkOf(doc), chunk = this.texts.get(k);
    return chunk === undefined ? undefined : chunk[doc - k * this.textRun];
  };

  Index.prototype.shownChunkOf = function (doc) {
    return Math.floor(doc / this.shownRun);
  };

  /** What a result shows under its title, or undefined while its file is not loaded. */
  Index.prototype.shownOf = function (doc) {
    if (!this.lazy) return this.inlineShown ? this.inlineShown[doc] : undefined;
    var k = this.shownChunkOf(doc), chunk = this.shown.get(k);
    return chunk === undefined ? undefined : chunk[doc - k * this.shownRun];
  };

  /**
   * Vocabulary entries matching `word`, as `[term, quality, typos]`: exact, other forms of
   * the word, prefixes, and unless `wholeOnly`, terms holding it inside (for words of three
   * letters or more) and terms within the typos `typosAllowed` gives it. The list's `needs`
   * are the term shards it comes from; while one is not loaded, the list is not complete.
   *
   * A large index looks only at the shards that hold the word's prefixes (and its stem's),
   * and at the names: terms of the small fields from other shards, up to MAX_EXTRA_SHARDS
   * shards, in the order found. A small one, loaded whole, looks at the whole vocabulary.
   */
  Index.prototype.candidates = function (word, wholeOnly) {
    var key = (wholeOnly ? "=" : "") + word;
    var cached = this.candidateCache.get(key);
    if (cached) return cached;
    var self = this, terms = this.terms, found = [], needs = new Set(), scope = null, extra = new Set();
    var root = stem(word);
    if (this.lazy) {
      scope = new Set();
      this.cover(root, scope);
      this.cover(word, scope);
      scope.forEach(function (k) { needs.add(k); });
    }
    // Whether term `t` may be taken: in a large index, it is in a shard of the word's, or a
    // name whose shard can still be loaded.
    var usable = !this.lazy ? function () { return true; } : function (t) {
      var k = self.shardOf(t);
      if (scope.has(k) || extra.has(k)) return true;
      if (extra.size >= MAX_EXTRA_SHARDS || !self.names.has(t)) return false;
      extra.add(k);
      needs.add(k);
      return true;
    };
    // Other forms of the word (`retry`: `retries`, `retrying`; `caching`: `cache`), then
    // the words it starts.
    var seen = new Set();
    var start = lowerBound(terms, root);
    for (var r = start; r < terms.length && r - start < MAX_PREFIX_TERMS && terms[r].lastIndexOf(root, 0) === 0; r++) {
      if (terms[r] !== word && stem(terms[r]) === root && usable(terms[r])) {
        found.push([terms[r], SAME_WORD, 0]);
        seen.add(r);
      }
    }
    var lo = lowerBound(terms, word), hi = lo;
    while (hi < terms.length && terms[hi].lastIndexOf(word, 0) === 0) {
      if (hi - lo < MAX_PREFIX_TERMS && !seen.has(hi) && usable(terms[hi])) {
        found.push([terms[hi], terms[hi] === word ? EXACT : prefixQuality(word, terms[hi]), 0]);
      }
      hi++;
    }
    // A four-letter word is only taken for a typo when it is no word of the site as typed.
    var max = typosAllowed(word), infixes = new Set();
    if (word.length === 4 && found.length) max = 0;
    if (!wholeOnly) {
      var taken = function (t) { return (t >= lo && t < hi) || seen.has(t) || infixes.has(t); };
      if (word.length >= 3) {
        for (var t = 0; t < terms.length && infixes.size < MAX_INFIX_TERMS; t++) {
          if (taken(t)) continue;
          var inside = terms[t].indexOf(word, 1);
          if (inside <= 0 || !usable(terms[t])) continue;
          // After a negating prefix, the word starts as typed: `auth` in *unauthorized*.
          var negated = NEGATIONS.indexOf(terms[t].slice(0, inside)) >= 0;
          found.push([terms[t], negated ? prefixQuality(word, terms[t]) : INFIX, 0]);
          infixes.add(t);
        }
      }
      // Typos behind the first letter only: the terms that start with it.
      if (max > 0) {
        var first = word[0], end = lowerBound(terms, String.fromCharCode(first.charCodeAt(0) + 1));
        for (var u = lowerBound(terms, first); u < end; u++) {
          if (taken(u) || terms[u].length < 4) continue;
          var n = typos(word, terms[u], max);
          if (n > 0 && usable(terms[u])) found.push([terms[u], TYPO_QUALITY[n], n]);
        }
      }
    }
    found.needs = needs;
    var complete = true;
    needs.forEach(function (k) { if (!self.shards.has(k)) complete = false; });
    if (complete) {
      if (this.candidateCache.size > 200) this.candidateCache.clear();
      this.candidateCache.set(key, found);
    }
    return found;
  };

  /** A prefix match's quality: from PREFIX, more the more of the term is typed. */
  function prefixQuality(word, term) {
    return PREFIX + Math.round(30 * word.length / term.length);
  }

  /**
   * The part of an English word its other forms share: `retries`, `retrying` and `retry`
   * give `retry`; `caching`, `caches` and `cache` give `cach`. Crude on purpose: it only
   * decides which words count as the same one, and a miss costs only a weaker match.
   */
  function stem(word) {
    if (word.length <= 4) return word;
    return word.replace(/ies$/, "y").replace(/(ing|ed|es|s|e)$/, "");
  }

  function lowerBound(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function upperBound(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /**
   * Runs a query. Returns the matching documents best first, the total, the vocabulary
   * terms that matched (to mark in snippets), and the term shards still to load: while
   * `missing` is not empty there are no results yet; load them and search again.
   *
   * Order: codes the query names (exact, then by prefix); then documents that match every
   * word as typed before those that need typos, fewer typos first; then by score (see
   * RANKING); then codes most often met first; then in site order.
   */
  function search(index, query, limit) {
    var q = parseQuery(query);
    var answer = { results: [], total: 0, terms: new Set(), missing: new Set() };
    if (!q.codes.length && !q.classes.length && !q.words.length) return answer;
    var codes = index.codes, n = index.count;
    var s = index.scratch();
    var tier = s.tier; // 0 exact code, 1 code prefix, 2 words only; -1 no match
    var typoCount = s.typoCount, score = s.score, hits = s.hits;

    tier.fill(2);
    if (q.codes.length || q.classes.length) {
      var matchers = q.codes.map(function (digits) { return index.codeMatcher(digits); });
      for (var d = 0; d < n; d++) {
        var code = codes[d];
        if (code < 0) { tier[d] = -1; continue; }
        for (var c = 0; c < matchers.length && tier[d] >= 0; c++) {
          var how = matchers[c](d);
          tier[d] = how < 0 ? -1 : Math.min(tier[d], how);
        }
        for (var k = 0; k < q.classes.length && tier[d] >= 0; k++) {
          if (!(code >= 100 && code <= 599 && Math.floor(code / 100) === q.classes[k])) tier[d] = -1;
        }
      }
    }

    var required = q.words.filter(function (w) { return !OPTIONAL.has(w); });
    if (!required.length && !q.codes.length && !q.classes.length) required = q.words;
    // Per document and field, the best quality this word matched with (0: none), and per
    // document the fewest typos it took (255: no match), for the documents it touched; the
    // work goes with the postings read, not with the size of the site.
    var best = s.best, fewest = s.fewest, touched = s.touched, touchedCount = 0;
    // Documents whose reason phrase holds a word of the query as typed.
    var named = s.named;
    var exactly = new Set();
    // These loops run once per posting or matched document: plain loops over typed arrays.
    function match(word, candidates) {
      for (var c = 0; c < candidates.length; c++) {
        var term = candidates[c][0], quality = candidates[c][1], taken = candidates[c][2];
        var matched = false;
        for (var field = 0; field < FIELDS; field++) {
          if (field === BODY && (quality === INFIX || (word.length < 3 && quality !== EXACT))) continue;
          var ids = index.postings(field, term);
          if (ids === null) {
            if (index.lazy) answer.missing.add(index.shardOf(term));
            break;
          }
          var naming = field === 0 && quality >= SAME_WORD;
          for (var i = 0; i < ids.length; i++) {
            var id = ids[i];
            if (fewest[id] === 255) touched[touchedCount++] = id;
            var slot = id * FIELDS + field;
            if (quality > best[slot]) best[slot] = quality;
            if (taken < fewest[id]) fewest[id] = taken;
            if (naming) named[id] = 1;
          }
          if (ids.length) matched = true;
        }
        if (matched) answer.terms.add(term);
        if (quality >= SAME_WORD) exactly.add(term);
      }
    }
    var alive = null;
    var weights = RANKING.weights, spread = RANKING.spread;
    var w0 = weights[0], w1 = weights[1], w2 = weights[2], w3 = weights[3], w4 = weights[4], w5 = weights[5];
    function add(needed, boost) {
      for (var t = 0; t < touchedCount; t++) {
        var d = touched[t], at = d * FIELDS;
        var p0 = w0 * best[at], p1 = w1 * best[at + 1], p2 = w2 * best[at + 2];
        var p3 = w3 * best[at + 3], p4 = w4 * best[at + 4], p5 = w5 * best[at + 5];
        best[at] = best[at + 1] = best[at + 2] = best[at + 3] = best[at + 4] = best[at + 5] = 0;
        var top = Math.max(p0, p1, p2, p3, p4, p5);
        score[d] += boost * (top + spread * (p0 + p1 + p2 + p3 + p4 + p5 - top)) / 100;
        typoCount[d] += fewest[d];
        fewest[d] = 255;
        if (needed) hits[d]++;
      }
      // Only the documents of the first word needed can match them all: the last loop
      // looks at those, not at the whole site.
      if (needed && alive === null) alive = touched.slice(0, touchedCount);
      touchedCount = 0;
    }
    // Words such as `error` or `http` count for little: they are on most pages.
    var needs = 0;
    // While a shard the words need is not loaded, the answer would be thrown away: say
    // which, and do no more.
    var lists = q.words.map(function (word) { return index.candidates(word); });
    var wholes = q.compounds.map(function (compound) { return index.candidates(compound, true); });
    lists.concat(wholes).forEach(function (list) {
      list.needs.forEach(function (k) { if (!index.shards.has(k)) answer.missing.add(k); });
    });
    if (answer.missing.size) return answer;
    q.words.forEach(function (word, w) {
      match(word, lists[w]);
      var needed = required.indexOf(word) >= 0;
      if (needed) needs++;
      add(needed, needed ? 1 : RANKING.optional);
    });
    // A name (`Retry-After`, `proxy error`) counts again, whole, where the page has it so.
    q.compounds.forEach(function (compound, c) {
      match(compound, wholes[c].map(function (candidate) {
        return candidate[1] >= SAME_WORD ? candidate : [candidate[0], PREFIX, 0];
      }));
      add(false, RANKING.compound);
    });

    var prior = index.prior, common = index.common, words = q.words.length > 0;
    var pageBonus = RANKING.page, priorBonus = RANKING.prior, wholeReason = RANKING.wholeReason;
    function before(x, y) {
      return tier[x] - tier[y] || typoCount[x] - typoCount[y] || score[y] - score[x] ||
        prior[x] - prior[y] || x - y;
    }
    // The best `limit` in order, kept sorted as the documents go by: most never get in.
    limit = limit || 50;
    var top = [], worst = -1, isPage = index.isPage;
    var count = alive === null ? n : alive.length;
    for (var j = 0; j < count; j++) {
      var m = alive === null ? j : alive[j];
      if (tier[m] < 0 || hits[m] !== needs) continue;
      if (words) {
        if (isPage[m]) score[m] += pageBonus;
        else if (prior[m] < common) score[m] += priorBonus * (1 - prior[m] / common);
      }
      answer.total++;
      // Most documents lose to the worst kept on the first key that differs, even with
      // the bonus for a whole reason phrase, which is only worked out for the others.
      var bonus = words && named[m] ? wholeReason : 0;
      if (worst >= 0 && (tier[m] > tier[worst] || (tier[m] === tier[worst] &&
          (typoCount[m] > typoCount[worst] || (typoCount[m] === typoCount[worst] && score[m] + bonus < score[worst]))))) {
        continue;
      }
      if (bonus && index.reasonWords(m).every(function (w) { return exactly.has(w); })) score[m] += bonus;
      if (top.length === limit && before(m, top[limit - 1]) >= 0) continue;
      var at = top.length === limit ? limit - 1 : top.length;
      while (at > 0 && before(m, top[at - 1]) < 0) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = m;
      if (top.length === limit) worst = top[limit - 1];
    }
    answer.results = top.map(function (doc) {
      var code = codes[doc], description = index.shownOf(doc);
      return {
        doc: doc,
        code: code < 0 ? null : code,
        title: index.titles[doc],
        // Undefined while its file is not loaded (see `shownOf`), and then so is `inBody`.
        description: description,
        url: code < 0 ? index.urls.get(doc) : "codes/" + code + ".html",
        // Matched where the result does not show it: show the page text around it instead.
        inBody: description === undefined ? undefined : !shows(index.titles[doc], description, answer.terms),
        score: score[doc],
      };
    });
    return answer;
  }

  /** Whether a result's title or description holds one of the matched terms. */
  function shows(title, description, terms) {
    return words(title + " " + description).some(function (w) { return terms.has(w); });
  }

  /**
   * A short excerpt of `text` around the first of `terms`, as segments `{text, mark}` so the
   * caller can build it with text nodes (never HTML). The excerpt stays within one block of
   * the text (its lines: paragraphs, headings, list items); a short one, such as a heading,
   * runs on into the next after a dash, so a heading never runs into its paragraph.
   */
  function snippet(text, terms, maxLength) {
    maxLength = maxLength || 160;
    var lines = String(text).split("\n"), block = 0;
    for (var l = 0; l < lines.length; l++) {
      if (words(lines[l]).some(function (w) { return terms.has(w); })) { block = l; break; }
    }
    text = lines[block];
    if (text.length < 60 && block + 1 < lines.length) text += " — " + lines[block + 1];
    var tokens = [], re = /[\p{Alphabetic}\p{N}]+/gu, match;
    while ((match = re.exec(text)) !== null) {
      tokens.push({ start: match.index, end: match.index + match[0].length, marked: terms.has(match[0].toLowerCase()) });
    }
    var first = tokens.findIndex(function (t) { return t.marked; });
    var start = 0;
    if (first > 0 && tokens[first].start > maxLength / 3) {
      start = text.lastIndexOf(" ", tokens[first].start - Math.floor(maxLength / 3)) + 1;
    }
    var end = Math.min(text.length, start + maxLength);
    if (end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start) end = space;
    }
    var segments = [], at = start;
    if (start > 0) segments.push({ text: "…", mark: false });
    tokens.forEach(function (t) {
      if (!t.marked || t.start < start || t.end > end) return;
      if (t.start > at) segments.push({ text: text.slice(at, t.start), mark: false });
      segments.push({ text: text.slice(t.start, t.end), mark: true });
      at = t.end;
    });
    if (at < end) segments.push({ text: text.slice(at, end), mark: false });
    if (end < text.length) segments.push({ text: "…", mark: false });
    return segments.map(function (s) {
      return { text: s.text.replace(/\s+/g, " "), mark: s.mark };
    });
  }

  var engine = {
    decode: decode,
    decodeNumbers: decodeNumbers,
    words: words,
    nameWords: nameWords,
    parseQuery: parseQuery,
    typos: typos,
    ranking: RANKING,
    Index: Index,
    search: search,
    snippet: snippet,
  };

  if (typeof module === "object" && module.exports) {
    module.exports = engine;
    return;
  }

  // ---- User interface ----------------------------------------------------------------

  var script = document.currentScript;
  var root = new URL("..", script ? script.src : location.href);
  var RESULT_LIMIT = 50;
  // Milliseconds without a keystroke before snippets that need a file load it.
  var SNIPPET_DELAY = 150;

  // The index files call these as they load.
  var pending = { index: null, shards: new Map(), texts: new Map(), shown: new Map() };
  window.statusbookSearch = {
    index: function (data) { pending.index = data; },
    shard: function (id, terms, entries) { pending.shards.set(id, [terms, entries]); },
    shown: function (k, shown) { pending.shown.set(k, shown); },
    text: function (k, texts) { pending.texts.set(k, texts); },
  };

  var loads = new Map();
  function load(path) {
    if (!loads.has(path)) {
      loads.set(path, new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = new URL(path, root).href;
        element.async = true;
        element.onload = function () { resolve(); };
        element.onerror = function () { reject(new Error("cannot load " + path)); };
        document.head.appendChild(element);
      }));
    }
    return loads.get(path);
  }

  var indexPromise = null;
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = load("search/index.js").then(function () { return new Index(pending.index); });
    }
    return indexPromise;
  }

  function loadShards(index, shards) {
    return Promise.all(Array.from(shards, function (k) {
      var id = index.shardFiles[k];
      return load("search/w" + id + ".js").then(function () {
        var shard = pending.shards.get(id);
        pending.shards.delete(id);
        index.addShard(k, shard && shard[0], shard && shard[1]);
      }, function () { index.addShard(k); });
    }));
  }

  function loadText(index, chunk) {
    return load("search/t" + chunk + ".js").then(function () {
      index.texts.set(chunk, pending.texts.get(chunk) || []);
    });
  }

  function loadShown(index, chunk) {
    return load("search/d" + chunk + ".js").then(function () {
      index.shown.set(chunk, pending.shown.get(chunk) || []);
    });
  }

  /**
   * The complete answer to `query`, loading the term shards it needs first: a search
   * names them, and the next, with them, is complete (a few rounds at most).
   */
  function answer(index, query) {
    var rounds = 0;
    function attempt() {
      var result = search(index, query, RESULT_LIMIT);
      if (!result.missing.size || rounds++ >= 3) return Promise.resolve(result);
      return loadShards(index, result.missing).then(attempt);
    }
    return attempt();
  }

  function append(parent, tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  function fillSnippet(element, segments) {
    element.textContent = "";
    segments.forEach(function (s) {
      if (s.mark) append(element, "mark", "", s.text);
      else element.appendChild(document.createTextNode(s.text));
    });
  }

  /** Shows a result's snippet: its description, or the body text around the match. */
  /**
   * Shows a result's snippet: its description, or the page text around the match. Returns
   * a function that loads what is missing and shows it then, or null if nothing is.
   */
  function showSnippet(index, result, terms, element) {
    if (result.description === undefined) {
      return function () {
        return loadShown(index, index.shownChunkOf(result.doc)).then(function () {
          result.description = index.shownOf(result.doc) || "";
          result.inBody = !shows(result.title, result.description, terms);
          var rest = element.isConnected && showSnippet(index, result, terms, element);
          return rest && rest();
        });
      };
    }
    fillSnippet(element, snippet(result.description, terms));
    if (!result.inBody) return null;
    var text = index.textOf(result.doc);
    if (text !== undefined) {
      fillSnippet(element, snippet(text, terms));
      return null;
    }
    return function () {
      return loadText(index, index.textChunkOf(result.doc)).then(function () {
        var loaded = index.textOf(result.doc);
        if (loaded && element.isConnected) fillSnippet(element, snippet(loaded, terms));
      });
    };
  }

  function countText(total, shown) {
    if (total === 0) return "No results";
    var text = total === 1 ? "1 result" : total + " results";
    return shown < total ? text + ", showing the first " + shown : text;
  }

  function SearchBox(form) {
    this.form = form;
    this.input = form.querySelector("input[type=search]");
    this.list = form.querySelector("[data-search-results]");
    this.status = form.querySelector("[data-search-status]");
    this.empty = form.querySelector("[data-search-empty]");
    this.results = [];
    this.active = -1;
    this.generation = 0;
    var input = this.input, self = this;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("aria-expanded", "false");

    input.addEventListener("focus", function () {
      loadIndex().catch(function () {});
      if (input.value.trim()) self.run();
    });
    input.addEventListener("input", function () { self.run(); });
    input.addEventListener("keydown", function (event) { self.key(event); });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) self.close(); }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.open(self.active >= 0 ? self.active : 0);
    });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
  }

  SearchBox.prototype.run = function () {
    var self = this, query = this.input.value, generation = ++this.generation;
    performance.clearMarks("statusbook-search-start");
    performance.mark("statusbook-search-start");
    if (!query.trim()) {
      this.close();
      this.status.textContent = "";
      return;
    }
    loadIndex().then(function (index) {
      return answer(index, query).then(function (result) {
        if (generation !== self.generation) return;
        self.render(index, result);
        if (performance.getEntriesByName("statusbook-search").length > 200) {
          performance.clearMeasures("statusbook-search");
        }
        performance.measure("statusbook-search", "statusbook-search-start");
      });
    }).catch(function () {
      self.status.textContent = "Search is unavailable: the index could not be loaded.";
    });
  };

  SearchBox.prototype.render = function (index, result) {
    var list = this.list, self = this, later = [];
    list.textContent = "";
    this.results = result.results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    result.results.forEach(function (r, i) {
      var option = append(list, "a", "search-result");
      option.id = list.id + "-" + i;
      option.href = new URL(r.url, root).href;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.tabIndex = -1;
      var head = append(option, "span", "search-result-head");
      if (r.code !== null) append(head, "span", "search-result-code", String(r.code));
      append(head, "span", "search-result-title", r.title);
      var text = append(option, "span", "search-result-snippet");
      var rest = showSnippet(index, r, result.terms, text);
      if (rest) later.push(rest);
      option.addEventListener("mousemove", function () { self.highlight(i, false); });
    });
    // Snippets that need a file wait until typing pauses: files loaded for every keystroke
    // would hold up the next one.
    clearTimeout(this.snippets);
    if (later.length) {
      this.snippets = setTimeout(function () {
        later.forEach(function (load) { load().catch(function () {}); });
      }, SNIPPET_DELAY);
    }
    var found = result.results.length > 0;
    list.hidden = !found;
    this.empty.hidden = found;
    if (!found) this.empty.textContent = "No code or page matches “" + this.input.value.trim() + "”.";
    this.input.setAttribute("aria-expanded", String(found));
    this.form.classList.add("search-open");
    this.status.textContent = countText(result.total, result.results.length);
  };

  SearchBox.prototype.close = function () {
    this.list.hidden = true;
    this.empty.hidden = true;
    this.form.classList.remove("search-open");
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  SearchBox.prototype.highlight = function (i, scroll) {
    var options = this.list.children;
    if (this.active >= 0 && options[this.active]) options[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i < 0 || !options[i]) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    options[i].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", options[i].id);
    if (scroll) options[i].scrollIntoView({ block: "nearest" });
  };

  SearchBox.prototype.open = function (i) {
    var exact = /^\s*(\d+)\s*$/.exec(this.input.value);
    var target = this.results[i];
    if (exact && this.results[0] && String(this.results[0].code) === exact[1]) target = this.results[0];
    if (target) location.href = new URL(target.url, root).href;
  };

  SearchBox.prototype.key = function (event) {
    var count = this.results.length, open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) {
        if (this.input.value.trim()) this.run();
        return;
      }
      event.preventDefault();
      // Positions run from -1 (the input itself) to count - 1, wrapping at both ends.
      var next = this.active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= count) next = -1;
      if (next < -1) next = count - 1;
      this.highlight(next, true);
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.open(this.active >= 0 ? this.active : 0);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (this.input.value) {
        this.input.value = "";
        this.generation++;
        this.status.textContent = "";
      }
      this.close();
    }
  };

  /** On the not-found page: results for the words of the missing address. */
  function suggest(section) {
    var missing = decodeURIComponent(location.pathname.split("/").pop() || "")
      .replace(/\.[a-z0-9]+$/i, "");
    var query = words(missing).join(" ");
    if (!query || query === "404") return;
    loadIndex().then(function (index) {
      var attempt = query;
      function tryQuery() {
        return answer(index, attempt).then(function (result) {
          if (!result.total && /^\d{2,}$/.test(attempt)) {
            attempt = attempt.slice(0, -1);
            return tryQuery();
          }
          return result;
        });
      }
      return tryQuery().then(function (result) {
        if (!result.total) return;
        var list = section.querySelector("ul");
        result.results.slice(0, 5).forEach(function (r) {
          var link = append(append(list, "li"), "a");
          link.href = new URL(r.url, root).href;
          if (r.code !== null) append(link, "span", "search-result-code", String(r.code));
          append(link, "span", "search-result-title", r.title);
        });
        section.hidden = false;
      });
    }).catch(function () {});
  }

  // page.js loads this script when the reader reaches for search (or at once, for ?q= and on
  // the not-found page), so pages that are only read never download it.
  function start() {
    var boxes = Array.prototype.map.call(document.querySelectorAll("form[data-search]"), function (form) {
      return new SearchBox(form);
    });
    if (!boxes.length) return;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("search.css", script ? script.src : location.href).href;
    document.head.appendChild(style);
    var box = boxes[0];
    var query = new URLSearchParams(location.search).get("q");
    if (query) {
      box.input.value = query;
      box.input.focus();
    }
    // Whatever was typed before this script arrived is searched now.
    loadIndex().catch(function () {});
    if (box.input.value.trim() && document.activeElement === box.input) box.run();
    var suggestions = document.querySelector("[data-search-suggest]");
    if (suggestions) suggest(suggestions);
  }

  start();
})();
