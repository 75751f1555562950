// Reads what a built code page shows a reader: its example exchange (the request and the
// response(s) of `<section class="answer">`, as HTTP/1.1 text) and its client snippets (the
// code of each tab), as plain data for the tests that run the snippets.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The text of a highlighted code block: tags stripped, entities unescaped. */
export function codeText(html) {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * One HTTP/1.1 message as a page shows it: the start line, the header fields in order and
 * the content (chunked framing removed, as a recipient would).
 */
export function parseMessage(text) {
  const lines = text.split("\n");
  const startLine = lines.shift();
  const headers = [];
  while (lines.length > 0 && lines[0] !== "") {
    const line = lines.shift();
    const colon = line.indexOf(":");
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  lines.shift();
  let body = lines.length > 0 ? lines.join("\n") : null;
  if (body === "") body = null;
  const te = headerValue(headers, "Transfer-Encoding");
  if (body !== null && te && /chunked/i.test(te)) body = dechunk(body);
  const message = { startLine, headers, body };
  const request = startLine.match(/^([A-Z-]+) (\S+) HTTP\/\d(?:\.\d)?$/);
  if (request) {
    message.method = request[1];
    message.target = request[2];
  }
  const response = startLine.match(/^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/);
  if (response) {
    message.status = Number(response[1]);
    message.reason = response[2] ?? "";
  }
  return message;
}

/** The content of a chunked body shown as text (sizes in hex, one line each). */
function dechunk(text) {
  let rest = text;
  let out = "";
  for (;;) {
    const eol = rest.indexOf("\n");
    const size = parseInt((eol < 0 ? rest : rest.slice(0, eol)).split(";")[0], 16);
    if (Number.isNaN(size)) return text;
    if (size === 0) return out;
    out += rest.slice(eol + 1, eol + 1 + size);
    rest = rest.slice(eol + 1 + size).replace(/^\r?\n/, "");
  }
}

/** The first value of header `name` (case-insensitive), or undefined. */
export function headerValue(headers, name) {
  const found = headers.find(([n]) => n.toLowerCase() === name.toLowerCase());
  return found?.[1];
}

/** Splits a figure holding several responses (interim ones, then the final one). */
function parseMessages(text) {
  return text.split(/\n\n(?=HTTP\/\d(?:\.\d)? \d{3}\b)/).map(parseMessage);
}

/** The example exchange and the snippets of a code page's HTML. */
export function readCodePage(html) {
  const start = html.indexOf('<section class="answer"');
  if (start < 0) throw new Error('no <section class="answer">');
  const answer = html.slice(start, html.indexOf("</section>", start));
  const figures = [...answer.matchAll(/<figure class="exchange-part">([\s\S]*?)<\/figure>/g)].map(
    (m) => codeText(m[1].match(/<code class="language-http">([\s\S]*?)<\/code>/)[1]),
  );
  if (figures.length < 2) throw new Error("the answer does not show a request and a response");
  const request = parseMessage(figures[0]);
  const responses = parseMessages(figures[1]);
  const snippets = {};
  for (const id of ["curl", "js", "python"]) {
    const tab = html.match(
      new RegExp(
        `<input[^>]*\\bid="snippet-${id}"[^>]*>[\\s\\S]*?<div class="tab-panel">\\s*<pre[^>]*><code class="language-([\\w-]+)">([\\s\\S]*?)</code></pre>`,
      ),
    );
    if (tab) snippets[id] = { language: tab[1], code: codeText(tab[2]) };
  }
  return { request, responses, final: responses[responses.length - 1], snippets };
}

/** The `[examples] idempotency-header` of a site's book.toml (default `Idempotency-Key`). */
function idempotencyHeader(siteDir) {
  const toml = readFileSync(path.join(siteDir, "book.toml"), "utf8");
  const examples = toml.split(/^\[/m).find((s) => s.startsWith("examples]"));
  const value = examples?.match(/^idempotency-header\s*=\s*"([^"]*)"/m)?.[1];
  return value === undefined ? "Idempotency-Key" : value || null;
}

/**
 * Every code page of a built site, with its policy from `codes.json`: `siteDir` is the
 * source folder (for book.toml), `built` the folder the site was built into.
 */
export function readCodePages(siteDir, built) {
  const json = JSON.parse(readFileSync(path.join(built, "codes.json"), "utf8"));
  const idempotency = idempotencyHeader(siteDir);
  return json.codes.map((entry) => {
    const file = path.join(built, entry.url);
    const page = readCodePage(readFileSync(file, "utf8"));
    return {
      code: entry.code,
      reason: entry.reason,
      policy: entry.policy,
      file,
      idempotencyHeader: idempotency,
      ...page,
    };
  });
}
