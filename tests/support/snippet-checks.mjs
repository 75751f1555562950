// What a code page's client snippets must do, as scenarios for the mock API and checks of
// what a run did. The expectations come from the page itself (its example request and final
// response), from the code's `policy` in codes.json and from HTTP (which codes clients
// follow as redirects), never from the snippet text: a snippet that disagrees with its page
// fails.
//
// A scenario says how the mock answers (`respond`) and what the run must show (`expect`):
//
// - every request that repeats the example (all of them, except a 202's polls and the
//   request that follows a redirect) has the example's method, target, header fields and
//   content; header fields that clients add on their own are ignored (IGNORED_NAMES, and
//   CLIENT_DEFAULTS when the page does not set them), and the idempotency key must be
//   present, new (not the page's example value) and the same on every retry;
// - as many requests as the policy allows: `attempts` when every attempt fails, unless the
//   next wait would go past `max-wait` (fewer then, and the waits so far must fit in it); 2
//   when the second attempt succeeds; 1 for a code that is not retried; 2 for 401 (one
//   token refresh); 3 for 202 (the request and two polls); 2 for a redirect followed (and
//   2 for 421 when the repeat comes on a new connection, as its policy asks: fetch does so);
// - one wait between two attempts and none after the last; each equal to Retry-After
//   (seconds, or its date minus the response's Date) when the response has one, else
//   within the backoff bounds of src/snippets.rs (BACKOFF); all of them within `max-wait`;
// - exit status 0 when the work got done, non-zero when the snippet gave up or reported
//   an error response.
import { headerValue } from "./code-page.mjs";

/** Header fields that are the transport's business (or, for Expect, the client library's). */
const IGNORED_NAMES = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "expect",
  "connection",
  "keep-alive",
  "te",
  "user-agent",
  "accept-encoding",
]);

/**
 * Fields a client adds with these values when the code does not set them: curl, fetch and
 * requests send any-type `Accept`; fetch sends the others, and `Pragma` and `Cache-Control:
 * no-cache` on every conditional request (the fetch standard's "no-store" cache mode).
 */
const CLIENT_DEFAULTS = {
  accept: "*/*",
  "accept-language": "*",
  "sec-fetch-mode": "cors",
  pragma: "no-cache",
  "cache-control": "no-cache",
};

/**
 * Exponential backoff without Retry-After, from src/snippets.rs: before attempt a + 1, a
 * wait of min(30, 2^(a - 1)) s with jitter down to half of it (bash: the full value).
 */
export const BACKOFF = { base: 1, cap: 30, jitter: 0.5 };

/** How long to wait at most when polling a 202 in all, from src/snippets.rs. */
export const POLL_DEADLINE = 600;

/** Codes every client follows as redirects (the fetch standard's redirect statuses). */
const REDIRECTS = [301, 302, 303, 307, 308];

const IDEMPOTENT = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"];

const SUCCESS = { status: 200, reason: "OK", json: { id: "8472", status: "ok" } };

/** A small JSON response, as the mock sends after a failure or a redirect. */
function jsonResponse(page, { status, reason, json }) {
  const date = headerValue(page.final.headers, "Date") ?? "Tue, 14 Jan 2025 10:15:00 GMT";
  return {
    status,
    reason,
    headers: [
      ["Date", date],
      ["Content-Type", "application/json"],
      ["Cache-Control", "no-store"],
    ],
    body: JSON.stringify(json),
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` with every URL on `from` (an origin) moved to `to`. */
export function rewriteOrigin(text, from, to) {
  return text.replace(new RegExp(`${escapeRegExp(from)}(?=[/?#"'\`\\s]|$)`, "g"), to);
}

/**
 * The origin the page's snippets call (`https://api.example.com`): the request's own
 * when its target is absolute, else its Host with the scheme the curl snippet uses.
 */
export function exampleOrigin(page) {
  const { target } = page.request;
  if (/^https?:\/\//.test(target)) return new URL(target).origin;
  const host = headerValue(page.request.headers, "Host");
  const code = Object.values(page.snippets).map((s) => s.code).join("\n");
  for (const scheme of ["https", "http"]) {
    if (code.includes(`${scheme}://${host}`)) return `${scheme}://${host}`;
  }
  return `https://${host}`;
}

/** The path and query of a URL or target. */
function pathOf(url) {
  if (/^https?:\/\//.test(url)) {
    const u = new URL(url);
    return u.pathname + u.search;
  }
  return url;
}

/** The example's final response, with the API's origin in its fields moved to `origin`. */
function exampleResponse(page, origin, changeHeaders = (h) => h) {
  const from = exampleOrigin(page);
  const headers = changeHeaders(
    page.final.headers.map(([n, v]) => [n, rewriteOrigin(v, from, origin)]),
  );
  return { status: page.final.status, reason: page.final.reason, headers, body: page.final.body };
}

/** Seconds a Retry-After value asks for, measured against `date` when it is a date. */
function retryAfterSeconds(value, date) {
  if (value === undefined) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  const now = Date.parse(date ?? "");
  return Number.isNaN(at) || Number.isNaN(now) ? null : Math.max(0, (at - now) / 1000);
}

/** What the client must do with the example's response: its kind of scenario. */
export function handling(page) {
  const { code, policy, request } = page;
  if (code >= 100 && code < 200) return "interim";
  if (code === 202) return "poll";
  if (code === 304) return "revalidate";
  if (REDIRECTS.includes(code)) return "redirect";
  if (code === 401) return "reauth";
  if (policy && (policy.retry === "wait" || policy.retry === "backoff")) {
    const keyed =
      page.idempotencyHeader && headerValue(request.headers, page.idempotencyHeader) !== undefined;
    if (policy["idempotent-only"] && !IDEMPOTENT.includes(request.method) && !keyed) return "once";
    return "retry";
  }
  return "once";
}

/** The scenarios to run every snippet of `page` in, each `{ name, respond, expect }`. */
export function scenarios(page) {
  const kind = handling(page);
  const final = page.final;
  const success = final.status < 300 || final.status === 304;
  switch (kind) {
    case "interim":
    case "revalidate":
    case "once":
      return [
        {
          name: `the example's ${final.status} response`,
          respond: (_, __, origin) => exampleResponse(page, origin),
          expect: { kind, success },
        },
      ];
    case "poll": {
      const id = safeJson(final.body)?.id ?? "job";
      return [
        {
          name: "202, then polls: running, succeeded",
          respond: (i, _, origin) =>
            i === 0
              ? exampleResponse(page, origin)
              : jsonResponse(page, {
                  status: 200,
                  reason: "OK",
                  json: i === 1 ? { id, status: "running" } : { status: "succeeded" },
                }),
          expect: {
            kind,
            success: true,
            firstInterval:
              retryAfterSeconds(headerValue(final.headers, "Retry-After"), headerValue(final.headers, "Date")) ?? 1,
          },
        },
      ];
    }
    case "reauth":
      return [
        {
          name: "401, then 200 after the token refresh",
          respond: (i, _, origin) => (i === 0 ? exampleResponse(page, origin) : jsonResponse(page, SUCCESS)),
          expect: { kind, success: true },
        },
      ];
    case "redirect":
      return [
        {
          name: `${final.status} to another path, which answers 200`,
          respond: (i, _, origin) => (i === 0 ? exampleResponse(page, origin) : jsonResponse(page, SUCCESS)),
          expect: { kind, success: true, location: pathOf(headerValue(final.headers, "Location") ?? "") },
        },
      ];
    case "retry":
      return retryScenarios(page);
  }
  throw new Error(`no scenario for ${kind}`);
}

function retryScenarios(page) {
  const { final } = page;
  const date = headerValue(final.headers, "Date");
  const shown = headerValue(final.headers, "Retry-After");
  const seconds = retryAfterSeconds(shown, date);
  const fails = (name, changeHeaders, retryAfter) => ({
    name,
    respond: (_, __, origin) => exampleResponse(page, origin, changeHeaders),
    expect: { kind: "retry", mode: "fails", retryAfter },
  });
  const list = [];
  if (shown === undefined || seconds === null) {
    list.push(fails("always fails (no Retry-After: backoff)", (h) => h, null));
  } else {
    const setRetryAfter = (value) => (headers) => {
      const out = headers.map(([n, v]) => [n, /^retry-after$/i.test(n) ? value : v]);
      if (!headerValue(out, "Date")) out.unshift(["Date", "Tue, 14 Jan 2025 10:15:00 GMT"]);
      return out;
    };
    const dateBase = Date.parse(date ?? "Tue, 14 Jan 2025 10:15:00 GMT");
    list.push(
      fails(`always fails, Retry-After: ${seconds} (seconds)`, setRetryAfter(String(seconds)), seconds),
      fails(
        `always fails, Retry-After as an HTTP-date (Date + ${seconds} s)`,
        setRetryAfter(new Date(dateBase + seconds * 1000).toUTCString()),
        seconds,
      ),
    );
  }
  list.push({
    name: "succeeds after one failure",
    respond: (i, _, origin) => (i === 0 ? exampleResponse(page, origin) : jsonResponse(page, SUCCESS)),
    expect: { kind: "retry", mode: "recovers", retryAfter: seconds },
  });
  return list;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The environment a snippet reads its credentials from: the placeholders the page shows. */
export function credentialsEnv(page) {
  const env = {};
  const placeholders = page.request.headers
    .map(([, v]) => v.match(/<[^<>]+>$/)?.[0])
    .filter(Boolean);
  if (placeholders.length === 0) return env;
  env.API_TOKEN = env.API_KEY = env.API_CREDENTIALS = placeholders[0];
  for (const p of placeholders) {
    if (/key/i.test(p)) env.API_KEY = p;
    else if (/credential/i.test(p)) env.API_CREDENTIALS = p;
    else env.API_TOKEN = p;
  }
  return env;
}

/** Group header fields by lower-case name, values in order. */
function byName(headers) {
  const map = new Map();
  for (const [n, v] of headers) {
    const name = n.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), v]);
  }
  return map;
}

function sameBody(sent, shown) {
  if (shown === null) return sent === null || sent === "";
  if (sent === null) return false;
  const json = safeJson(shown);
  if (json !== undefined) return JSON.stringify(safeJson(sent)) === JSON.stringify(json);
  return sent === shown;
}

function show(text) {
  if (text === null || text === undefined) return "nothing";
  const t = JSON.stringify(text);
  return t.length > 120 ? `${t.slice(0, 117)}…"` : t;
}

/**
 * Problems with one request that must repeat the page's example. Returns the problems and
 * the idempotency key it sent.
 */
function checkExampleRequest(page, sent, label) {
  const problems = [];
  const shown = page.request;
  if (sent.method !== shown.method) problems.push(`${label}: method ${sent.method}, the page shows ${shown.method}`);
  const target = pathOf(shown.target);
  if (sent.target !== target) problems.push(`${label}: target ${sent.target}, the page shows ${target}`);
  const expected = byName(shown.headers.filter(([n]) => !IGNORED_NAMES.has(n.toLowerCase())));
  const actual = byName(sent.headers);
  const idem = page.idempotencyHeader?.toLowerCase();
  let key;
  for (const [name, values] of expected) {
    const got = actual.get(name);
    const display = shown.headers.find(([n]) => n.toLowerCase() === name)[0];
    if (!got) {
      problems.push(`${label}: does not send ${display} (the page shows ${display}: ${values.join(", ")})`);
    } else if (name === idem) {
      key = got.join(", ");
      if (got.length !== 1 || key.trim() === "") problems.push(`${label}: ${display} is empty or repeated: ${show(key)}`);
      else if (values.includes(key)) problems.push(`${label}: ${display} is the page's example value ${key}, not a fresh key`);
    } else if (got.join("\n") !== values.join("\n")) {
      problems.push(`${label}: sends ${display}: ${got.join(", ")}, the page shows ${display}: ${values.join(", ")}`);
    }
  }
  for (const [name, values] of actual) {
    if (expected.has(name) || IGNORED_NAMES.has(name)) continue;
    if (CLIENT_DEFAULTS[name] !== undefined && values.every((v) => v === CLIENT_DEFAULTS[name])) continue;
    const display = sent.headers.find(([n]) => n.toLowerCase() === name)[0];
    problems.push(`${label}: sends ${display}: ${values.join(", ")}, which the page does not show`);
  }
  if (!sameBody(sent.body, shown.body)) {
    problems.push(`${label}: sends the content ${show(sent.body)}, the page shows ${show(shown.body)}`);
  }
  return { problems, key };
}

/** Problems with a request that is not the example (a poll, a redirect followed). */
function checkFollowUp(page, sent, label, { method, target, body }) {
  const problems = [];
  const methods = Array.isArray(method) ? method : [method];
  if (!methods.includes(sent.method)) problems.push(`${label}: method ${sent.method}, expected ${methods.join(" or ")}`);
  if (sent.target !== target) problems.push(`${label}: target ${sent.target}, expected ${target}`);
  const actual = byName(sent.headers);
  for (const [name, value] of page.request.headers) {
    if (!/<[^<>]+>$/.test(value)) continue;
    const got = actual.get(name.toLowerCase());
    if (!got || !got.includes(value)) {
      problems.push(`${label}: sends ${name}: ${got?.join(", ") ?? "nothing"}, not the credentials ${value}`);
    }
  }
  if (body !== undefined && !sameBody(sent.body, body)) {
    problems.push(`${label}: sends the content ${show(sent.body)}, expected ${show(body)}`);
  }
  return problems;
}

const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(3));

/** The bounds of the wait before attempt `attempt + 1`, in seconds. */
function waitBounds(attempt, retryAfter) {
  if (retryAfter !== null && retryAfter !== undefined) return [retryAfter, retryAfter];
  const full = Math.min(BACKOFF.cap, BACKOFF.base * 2 ** (attempt - 1));
  return [full * BACKOFF.jitter, full];
}

/** Whether a run whose first attempt fails may try again (and then succeed). */
function recovers(page, expect) {
  const [lo] = waitBounds(1, expect.retryAfter);
  return expect.mode === "recovers" && page.policy.attempts >= 2 && lo <= page.policy["max-wait"];
}

/** Problems with the waits and the number of attempts of a retry run. */
function checkRetries(page, expect, requests, sleeps) {
  const problems = [];
  const attempts = page.policy.attempts;
  const maxWait = page.policy["max-wait"];
  const n = requests.length;
  if (sleeps.length >= n && n > 0) problems.push(`slept ${sleeps.length} times for ${n} requests: it waited after the last attempt`);
  if (sleeps.length < n - 1) problems.push(`sent ${n} requests with only ${sleeps.length} waits between them`);
  let waited = 0;
  for (let a = 1; a <= sleeps.length; a++) {
    const s = sleeps[a - 1];
    const [lo, hi] = waitBounds(a, expect.retryAfter);
    if (!Number.isFinite(s)) problems.push(`wait ${a} is ${s}, not a number of seconds`);
    else if (lo === hi && !close(s, lo)) problems.push(`wait ${a} is ${fmt(s)} s; Retry-After asks for ${fmt(lo)} s`);
    else if (lo !== hi && (s < lo - 1e-9 || s > hi + 1e-9)) problems.push(`wait ${a} is ${fmt(s)} s, outside the backoff bounds ${fmt(lo)}–${fmt(hi)} s`);
    waited += s;
  }
  if (waited > maxWait + 1e-6) problems.push(`waited ${fmt(waited)} s in all, more than max-wait ${maxWait} s`);
  if (expect.mode === "fails") {
    if (n > attempts) problems.push(`sent ${n} requests; the policy allows ${attempts} attempts`);
    else if (n < attempts && problems.length === 0) {
      const [, hi] = waitBounds(n, expect.retryAfter);
      if (waited + hi <= maxWait) {
        problems.push(`gave up after ${n} of ${attempts} attempts, though the next wait (at most ${fmt(hi)} s) fits in max-wait ${maxWait} s (${fmt(waited)} s waited)`);
      }
    }
  } else {
    const want = recovers(page, expect) ? 2 : 1;
    if (n !== want) problems.push(`sent ${n} requests; expected ${want} (a failure, then success)`);
  }
  return problems;
}

/**
 * Every problem with a run of one snippet in one scenario: `requests` as the mock received
 * them, `result` from runSnippet. An empty list means the snippet did what its page says.
 */
export function checkRun(page, scenario, requests, result) {
  const { expect } = scenario;
  const problems = [];
  if (result.timedOut) problems.push("did not finish in time and was killed");
  // The requests that repeat the page's example.
  const examples = ["poll", "redirect"].includes(expect.kind) ? requests.slice(0, 1) : requests;
  const keys = new Set();
  examples.forEach((sent, i) => {
    const { problems: p, key } = checkExampleRequest(page, sent, `request ${i + 1}`);
    problems.push(...p);
    if (key !== undefined) keys.add(key);
  });
  if (keys.size > 1) problems.push(`the idempotency key changed between attempts: ${[...keys].join(", ")}`);
  const sleeps = result.sleeps;
  const count = (want) => {
    if (requests.length !== want) problems.push(`sent ${requests.length} requests; expected ${want}`);
  };
  const noSleeps = () => {
    if (sleeps.length > 0) problems.push(`waited ${sleeps.map(fmt).join(", ")} s; expected no waiting`);
  };
  switch (expect.kind) {
    case "interim":
    case "revalidate":
    case "once":
      if (page.code === 421 && requests.length === 2 && requests[1].connection !== requests[0].connection) {
        // 421's policy: repeat after opening a new connection, which fetch does on its own.
      } else {
        count(1);
      }
      noSleeps();
      break;
    case "reauth":
      count(2);
      noSleeps();
      break;
    case "redirect": {
      count(2);
      noSleeps();
      if (requests[1]) {
        const shown = page.request;
        const code = page.code;
        const keep = { method: shown.method, body: shown.body };
        const asGet = { method: ["GET"], body: null };
        const rule = code === 303 ? asGet : code === 307 || code === 308 ? keep : null;
        const followed = rule ?? (shown.method === "GET" ? asGet : { method: ["GET", shown.method] });
        problems.push(...checkFollowUp(page, requests[1], "request 2 (the redirect followed)", { ...followed, target: expect.location }));
        if (rule === null && shown.method !== "GET" && requests[1].method === shown.method && !sameBody(requests[1].body, shown.body)) {
          problems.push(`request 2 (the redirect followed): a ${shown.method} without the page's content`);
        }
      }
      break;
    }
    case "poll": {
      count(3);
      const location = pathOf(headerValue(page.final.headers, "Location") ?? "");
      requests.slice(1).forEach((sent, i) => {
        problems.push(...checkFollowUp(page, sent, `request ${i + 2} (poll ${i + 1})`, { method: "GET", target: location }));
      });
      const first = expect.firstInterval;
      const want = [first, Math.min(30, first * 2)];
      if (sleeps.length !== want.length || !sleeps.every((s, i) => close(s, want[i]))) {
        problems.push(`waited ${sleeps.map(fmt).join(", ") || "never"} s between polls; expected ${want.join(", ")} s (Retry-After, else 1 s, then doubling)`);
      }
      const total = sleeps.reduce((a, b) => a + b, 0);
      if (total > POLL_DEADLINE) problems.push(`waited ${fmt(total)} s in all, past the ${POLL_DEADLINE} s deadline`);
      break;
    }
    case "retry":
      problems.push(...checkRetries(page, expect, requests, sleeps));
      break;
  }
  const success = expect.kind === "retry" ? recovers(page, expect) : expect.success;
  if (!result.timedOut) {
    if (success && result.exitCode !== 0) {
      problems.push(`exit status ${result.exitCode ?? result.signal}, though the work got done (expected 0)`);
    }
    if (!success && result.exitCode === 0) {
      problems.push("exit status 0, though it gave up or got an error response (expected a failure)");
    }
  }
  return problems;
}
