// Preloaded with `node --import` before a JavaScript snippet runs: waiting takes no time.
//
// `setTimeout` called by the snippet records its delay (in seconds, one line each, in the
// file SNIPPET_SLEEP_LOG) and fires at once; `Date.now()` then reads as if that much time
// had passed. Only calls made directly from the snippet's own file are faked: fetch's
// internal timers (connect, headers and keep-alive timeouts) keep the real clock, so they
// neither fire early nor see time jump.
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const log = process.env.SNIPPET_SLEEP_LOG;
const snippet = pathToFileURL(process.argv[1]).href;
const realSetTimeout = globalThis.setTimeout;
const realNow = Date.now;
let advanced = 0;

/** Whether the function that called the faked one is in the snippet's file. */
function calledFromSnippet() {
  const frames = new Error().stack.split("\n");
  // frames[0] is "Error", [1] this function, [2] the faked function, [3] its caller.
  return frames[3]?.includes(snippet) ?? false;
}

globalThis.setTimeout = function setTimeout(callback, delay, ...args) {
  if (!calledFromSnippet()) return realSetTimeout(callback, delay, ...args);
  appendFileSync(log, `${Number(delay ?? 0) / 1000}\n`);
  const ms = Number(delay ?? 0);
  if (Number.isFinite(ms) && ms > 0) advanced += ms;
  return realSetTimeout(callback, 0, ...args);
};

Date.now = function now() {
  return calledFromSnippet() ? realNow() + advanced : realNow();
};
