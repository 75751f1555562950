// statusbook search: finds codes as you type, from an index of plain script files, so it
// works from file://, under any sub-path and under `Content-Security-Policy: default-src 'self'`.
//
// The engine (tokenizing, decoding postings, matching, ranking, snippets) is pure and is
// exported for the unit tests under Node; the user interface below it runs in browsers.
// The index format is written by src/search.rs; the two must agree.
(function () {
  "use strict";

  var FORMAT = 1;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var a = 0; a < ALPHABET.length; a++) DIGIT[ALPHABET[a]] = a;

  // Fields, best first. A word's score is field * 3 + quality (0 exact, 1 prefix, 2 typo),
  // and a typo also adds TYPO, so a guess ranks after every match the reader typed.
  var REASON = 0, KEYWORDS = 1, DESCRIPTION = 2, BODY = 3;
  var FIELD_NAMES = ["reason", "keywords", "description"];
  var NO_MATCH = 1 << 14;
  var MAX_PREFIX_TERMS = 300;
  var MAX_WORDS = 12;
  var TYPO = 12;
  var CODE_TIER = 1000; // more than any sum of word scores (MAX_WORDS * (TYPO + 11))

  // ---- Engine ----------------------------------------------------------------------

  /** Increasing document ids from the encoding written by `encode_postings` in src/search.rs. */
  function decode(encoded) {
    var ids = [];
    if (encoded.charAt(0) === "~") {
      for (var i = 1; i < encoded.length; i++) {
        var bits = DIGIT[encoded[i]];
        for (var b = 0; b < 6; b++) if (bits & (1 << b)) ids.push((i - 1) * 6 + b);
      }
      return ids;
    }
    var previous = -1, value = 0, shift = 0;
    for (var j = 0; j < encoded.length; j++) {
      var d = DIGIT[encoded[j]];
      value += (d & 31) * Math.pow(2, shift);
      shift += 5;
      if (d < 32) {
        previous += value + 1;
        ids.push(previous);
        value = 0;
        shift = 0;
      }
    }
    return ids;
  }

  var SEPARATORS = /[^\p{Alphabetic}\p{N}]+/u;

  /** Lower-case words of letters and digits, as the index was built (`terms` in src/search.rs). */
  function words(text) {
    return text.toLowerCase().split(SEPARATORS).filter(function (w) { return w !== ""; });
  }

  /** What a query asks for: code prefixes (`40`), classes (`4xx`) and words. */
  function parseQuery(query) {
    var parsed = { codes: [], classes: [], words: [] };
    words(String(query).slice(0, 200)).forEach(function (w) {
      if (/^\d+$/.test(w)) parsed.codes.push(w);
      else if (/^[1-5]xx$/.test(w)) parsed.classes.push(Number(w[0]));
      else if (w.length >= 2 && parsed.words.indexOf(w) < 0) parsed.words.push(w);
    });
    parsed.words = parsed.words.slice(0, MAX_WORDS);
    return parsed;
  }

  /** Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours. */
  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (i === la && i === lb) return true;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /**
   * Whether `term` is one typo away from `word`, or starts with something that is (the reader
   * may still be typing). Such a prefix ends with the word's last letter, so that the typo is
   * behind the cursor: `unathor` finds `unauthorized`, but `retry` does not find `retrieve`.
   */
  function typoMatch(word, term) {
    if (withinOneEdit(word, term)) return true;
    var last = word[word.length - 1];
    for (var n = word.length; n <= word.length + 1 && n < term.length; n++) {
      if (term[n - 1] === last && withinOneEdit(word, term.slice(0, n))) return true;
    }
    return false;
  }

  /** The loaded index: documents, vocabulary and postings, with caches for decoded lists. */
  function Index(data) {
    if (!data || data.format !== FORMAT) throw new Error("statusbook: unknown search index format");
    this.docs = data.docs;
    this.terms = data.terms;
    this.shardStarts = data.shards;
    this.textStarts = data.texts;
    this.fields = FIELD_NAMES.map(function (name) {
      var sparse = data[name], byTerm = new Map();
      for (var i = 0; i < sparse.length; i += 2) byTerm.set(sparse[i], sparse[i + 1]);
      return byTerm;
    });
    this.shards = new Map();
    this.texts = new Map();
    this.decoded = new Map();
    this.candidateCache = new Map();
  }

  Index.prototype.postings = function (field, term) {
    var key = field * 1e7 + term;
    var cached = this.decoded.get(key);
    if (cached) return cached;
    var encoded;
    if (field === BODY) {
      var shard = this.shards.get(this.shardOf(term));
      encoded = shard[term - this.shardStarts[this.shardOf(term)]];
    } else {
      encoded = this.fields[field].get(term);
    }
    var ids = encoded ? decode(encoded) : [];
    this.decoded.set(key, ids);
    return ids;
  };

  Index.prototype.shardOf = function (term) {
    return upperBound(this.shardStarts, term) - 1;
  };

  Index.prototype.textOf = function (doc) {
    var k = upperBound(this.textStarts, doc) - 1;
    var chunk = this.texts.get(k);
    return chunk === undefined ? undefined : chunk[doc - this.textStarts[k]];
  };

  Index.prototype.textChunkOf = function (doc) {
    return upperBound(this.textStarts, doc) - 1;
  };

  /** Vocabulary entries matching `word`: `[term, quality]` with 0 exact, 1 prefix, 2 typo. */
  Index.prototype.candidates = function (word) {
    var cached = this.candidateCache.get(word);
    if (cached) return cached;
    var terms = this.terms, found = [];
    var lo = lowerBound(terms, word), hi = lo;
    while (hi < terms.length && terms[hi].lastIndexOf(word, 0) === 0 && hi - lo < MAX_PREFIX_TERMS) {
      found.push([hi, terms[hi] === word ? 0 : 1]);
      hi++;
    }
    if (word.length >= 5) {
      for (var t = 0; t < terms.length; t++) {
        if (t === lo && hi > lo) { t = hi - 1; continue; }
        var term = terms[t];
        if (term.length >= 4 && typoMatch(word, term)) found.push([t, 2]);
      }
    }
    if (this.candidateCache.size > 200) this.candidateCache.clear();
    this.candidateCache.set(word, found);
    return found;
  };

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
   * terms that matched (to mark in snippets), and the body shards still to load: when
   * `missing` is not empty, load them and search again for the complete answer.
   */
  function search(index, query, limit) {
    var q = parseQuery(query);
    var answer = { results: [], total: 0, terms: new Set(), missing: new Set() };
    if (!q.codes.length && !q.classes.length && !q.words.length) return answer;
    var docs = index.docs, n = docs.length;
    // rank: code tier * CODE_TIER + the sum of the words' scores; -1 for no match.
    var rank = new Int32Array(n);
    var bodyField = new Uint8Array(n);

    for (var d = 0; d < n; d++) {
      var code = docs[d][0], tier = 2;
      if (q.codes.length || q.classes.length) {
        if (code === null) { rank[d] = -1; continue; }
        var digits = String(code);
        for (var c = 0; c < q.codes.length && rank[d] >= 0; c++) {
          if (digits === q.codes[c]) tier = Math.min(tier, 0);
          else if (digits.lastIndexOf(q.codes[c], 0) === 0) tier = Math.min(tier, 1);
          else rank[d] = -1;
        }
        for (var k = 0; k < q.classes.length && rank[d] >= 0; k++) {
          if (!(code >= 100 && code <= 599 && Math.floor(code / 100) === q.classes[k])) rank[d] = -1;
        }
      }
      if (rank[d] >= 0) rank[d] = tier * CODE_TIER;
    }

    var best = new Int32Array(n), bestField = new Uint8Array(n);
    q.words.forEach(function (word) {
      best.fill(NO_MATCH);
      index.candidates(word).forEach(function (candidate) {
        var term = candidate[0], quality = candidate[1];
        var matched = false;
        for (var field = REASON; field <= BODY; field++) {
          if (field === BODY && word.length < 3 && quality !== 0) continue;
          if (field === BODY && !index.shards.has(index.shardOf(term))) {
            answer.missing.add(index.shardOf(term));
            continue;
          }
          var ids = index.postings(field, term);
          var score = field * 3 + quality + (quality === 2 ? TYPO : 0);
          for (var i = 0; i < ids.length; i++) {
            if (score < best[ids[i]]) {
              best[ids[i]] = score;
              bestField[ids[i]] = field;
            }
          }
          if (ids.length) matched = true;
        }
        if (matched) answer.terms.add(index.terms[term]);
      });
      for (var d = 0; d < n; d++) {
        if (rank[d] < 0) continue;
        if (best[d] === NO_MATCH) rank[d] = -1;
        else {
          rank[d] += best[d];
          if (bestField[d] === BODY) bodyField[d] = 1;
        }
      }
    });

    var matches = [];
    for (var m = 0; m < n; m++) if (rank[m] >= 0) matches.push(m);
    matches.sort(function (x, y) { return rank[x] - rank[y] || x - y; });
    answer.total = matches.length;
    answer.results = matches.slice(0, limit || 50).map(function (doc) {
      var record = docs[doc];
      return {
        doc: doc,
        code: record[0],
        title: record[1],
        description: record[2],
        url: record[0] === null ? record[3] : "codes/" + record[0] + ".html",
        inBody: bodyField[doc] === 1,
      };
    });
    return answer;
  }

  /**
   * A short excerpt of `text` around the first of `terms`, as segments `{text, mark}` so the
   * caller can build it with text nodes (never HTML).
   */
  function snippet(text, terms, maxLength) {
    maxLength = maxLength || 160;
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
    words: words,
    parseQuery: parseQuery,
    withinOneEdit: withinOneEdit,
    typoMatch: typoMatch,
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

  // The index files call these as they load.
  var pending = { index: null, shards: new Map(), texts: new Map() };
  window.statusbookSearch = {
    index: function (data) { pending.index = data; },
    shard: function (k, postings) { pending.shards.set(k, postings); },
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
      return load("search/b" + k + ".js").then(
        function () { index.shards.set(k, pending.shards.get(k) || []); },
        function () { index.shards.set(k, []); }
      );
    }));
  }

  function loadText(index, chunk) {
    return load("search/t" + chunk + ".js").then(function () {
      index.texts.set(chunk, pending.texts.get(chunk) || []);
    });
  }

  /** The complete answer to `query`, loading whatever body shards it needs first. */
  function answer(index, query) {
    var result = search(index, query, RESULT_LIMIT);
    if (!result.missing.size) return Promise.resolve(result);
    return loadShards(index, result.missing).then(function () {
      return search(index, query, RESULT_LIMIT);
    });
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
  function showSnippet(index, result, terms, element) {
    fillSnippet(element, snippet(result.description, terms));
    if (!result.inBody) return;
    var text = index.textOf(result.doc);
    if (text !== undefined) {
      fillSnippet(element, snippet(text, terms));
      return;
    }
    loadText(index, index.textChunkOf(result.doc)).then(function () {
      var loaded = index.textOf(result.doc);
      if (loaded && element.isConnected) fillSnippet(element, snippet(loaded, terms));
    }, function () {});
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
    var list = this.list, self = this;
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
      showSnippet(index, r, result.terms, text);
      option.addEventListener("mousemove", function () { self.highlight(i, false); });
    });
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
