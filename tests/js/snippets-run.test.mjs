// Runs every client snippet of every code page with its real client, against a loopback
// mock of the API, and checks that it does what its page says: this repository's site,
// tests/fixtures/iana (every registered code) and tests/fixtures/unregistered (codes no
// registry lists, in every class), each built once by the real binary.
//
// - The clients are the real ones: Debian's curl in bash, Node's global fetch (the snippet
//   saved as an .mjs module, for its top-level await) and Python's requests (`python3`, or
//   $PYTHON; the test command puts a virtual environment with it first on PATH).
// - The one change made to a snippet before it runs: every URL on the example's origin
//   (`https://api.example.com`) is moved to the mock's (`http://127.0.0.1:<port>`), keeping
//   path and query. Nothing else is touched. API_TOKEN, API_KEY and API_CREDENTIALS hold
//   the placeholder the page shows (`<token>`), so a request can match the page byte for byte.
// - Waiting takes no time and is recorded instead (tests/support/fake-time.bash,
//   fake-time-node.mjs, run-python.py); each run is killed after 20 s.
// - The mock answers as the page's example says, in the scenarios of
//   tests/support/snippet-checks.mjs, whose header comment lists what is checked.
//
// The last group mutates real snippets (an attempts number, a header, the Python retry
// loop) and shows that the same checks fail them.
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { buildSite, repo } from "../support/site.mjs";
import { readCodePages } from "../support/code-page.mjs";
import { MockApi } from "../support/mock-api.mjs";
import { LANGUAGES, PYTHON, runSnippet } from "../support/run-snippet.mjs";
import {
  checkRun,
  credentialsEnv,
  exampleOrigin,
  rewriteOrigin,
  scenarios,
} from "../support/snippet-checks.mjs";

const SITES = [
  [".", "this repository's site"],
  ["tests/fixtures/iana", "every registered code (tests/fixtures/iana)"],
  ["tests/fixtures/unregistered", "unregistered codes (tests/fixtures/unregistered)"],
];

try {
  execFileSync(PYTHON, ["-c", "import requests"], { stdio: "pipe" });
} catch {
  throw new Error(
    `${PYTHON} cannot import requests: run the test command (scripts/test), which installs it into target/python and puts that first on PATH, or set PYTHON`,
  );
}

// Each site is built once; its pages are read before any test starts.
const built = SITES.map(([dir]) => [dir, buildSite(dir)]);
const pages = new Map(built.map(([dir, out]) => [dir, readCodePages(path.resolve(repo, dir), out)]));

const mock = new MockApi();
after(async () => {
  await mock.close();
  for (const [, out] of built) rmSync(out, { recursive: true, force: true });
});

/**
 * Runs `code` (by default the page's `lang` snippet) in `scenario` against a fresh mock
 * endpoint; resolves with the problems found, the run and the requests received.
 */
async function runScenario(page, lang, scenario, code = page.snippets[lang]?.code) {
  if (code === undefined) return { problems: [`the page has no ${lang} snippet`] };
  const endpoint = await mock.open(scenario.respond);
  try {
    const from = exampleOrigin(page);
    const runnable = rewriteOrigin(code, from, endpoint.origin);
    if (runnable === code) return { problems: [`the snippet never calls ${from}, the example's origin`] };
    const result = await runSnippet(lang, runnable, { env: credentialsEnv(page) });
    return { problems: checkRun(page, scenario, endpoint.requests, result), result, requests: endpoint.requests };
  } finally {
    await endpoint.close();
  }
}

/** The lines of a run's error output that name the error (else its last lines). */
function excerpt(text) {
  const all = (text ?? "").trimEnd().split("\n");
  const named = all.filter((l) => /\b\w*(Error|Exception)\b:|^curl: \(\d+\)|^\S+: line \d+:/.test(l));
  return (named.length > 0 ? named.slice(-4) : all.slice(-4)).map((l) => l.trim()).join("\n    ");
}

function explain(page, lang, scenario, { problems, result, requests }) {
  const out = [`${page.code} ${page.reason}, ${lang}, ${scenario.name}:`, ...problems.map((p) => `  - ${p}`)];
  if (requests) out.push(`  requests: ${requests.map((r) => `${r.method} ${r.target}`).join(", ") || "none"}`);
  if (result) {
    out.push(`  exit: ${result.exitCode ?? result.signal}; waits: ${result.sleeps.join(", ") || "none"}`);
    if (result.stderr.trim()) out.push(`  stderr: ${excerpt(result.stderr)}`);
  }
  return out.join("\n");
}

for (const [dir, label] of SITES) {
  describe(`snippets of ${label}`, { concurrency: 3 }, () => {
    for (const page of pages.get(dir)) {
      test(`${page.code} ${page.reason}`, { concurrency: true }, async (t) => {
        // Every code has all three tabs, but 101: curl cannot switch protocols.
        const languages = LANGUAGES.filter((lang) => page.code !== 101 || lang !== "curl");
        await Promise.all(
          languages.flatMap((lang) =>
            scenarios(page).map((scenario) =>
              t.test(`${lang}: ${scenario.name}`, async () => {
                const run = await runScenario(page, lang, scenario);
                if (run.problems.length > 0) assert.fail(explain(page, lang, scenario, run));
              }),
            ),
          ),
        );
      });
    }
  });
}

describe("the checks fail a broken snippet", { concurrency: true }, () => {
  // The repository's 500: a POST with an idempotency key, retried with backoff (3 attempts).
  const page = pages.get(".").find((p) => p.code === 500);
  const failing = scenarios(page).find((s) => s.expect.mode === "fails");
  const attempts = page.policy.attempts;

  /** The page's `lang` snippet with `pattern` replaced; the mutation must apply. */
  function mutate(lang, pattern, replacement) {
    const code = page.snippets[lang].code;
    const changed = code.replace(pattern, replacement);
    assert.notEqual(changed, code, `the ${lang} snippet has no ${pattern}`);
    return changed;
  }

  async function problemsOf(lang, code) {
    const run = await runScenario(page, lang, failing, code);
    return run.problems;
  }

  test("curl: one attempt more than the policy allows", async () => {
    const code = mutate("curl", /\battempts=\d+/, `attempts=${attempts + 1}`);
    const problems = await problemsOf("curl", code);
    assert.ok(
      problems.some((p) => p.includes(`sent ${attempts + 1} requests; the policy allows ${attempts} attempts`)),
      problems.join("\n") || "no problem found",
    );
  });

  test("JavaScript: one attempt fewer than the policy allows", async () => {
    const code = mutate("js", /const attempts = \d+;/, `const attempts = ${attempts - 1};`);
    const problems = await problemsOf("js", code);
    assert.ok(
      problems.some((p) => p.startsWith(`gave up after ${attempts - 1} of ${attempts} attempts`)),
      problems.join("\n") || "no problem found",
    );
  });

  test("JavaScript: a header dropped", async () => {
    const code = mutate("js", /^\s*Authorization: .*\n/m, "");
    const problems = await problemsOf("js", code);
    assert.ok(
      problems.some((p) => p.includes("does not send Authorization")),
      problems.join("\n") || "no problem found",
    );
  });

  test("curl: a header changed", async () => {
    const code = mutate("curl", "'Content-Type: application/json'", "'Content-Type: application/json; charset=utf-8'");
    const problems = await problemsOf("curl", code);
    assert.ok(
      problems.some((p) => p.includes("sends Content-Type: application/json; charset=utf-8, the page shows Content-Type: application/json")),
      problems.join("\n") || "no problem found",
    );
  });

  test("Python: the idempotency key is the page's example value", async () => {
    const shown = page.request.headers.find(([n]) => n === page.idempotencyHeader)[1];
    const code = mutate("python", "str(uuid.uuid4())", JSON.stringify(shown));
    const problems = await problemsOf("python", code);
    assert.ok(problems.some((p) => p.includes("not a fresh key")), problems.join("\n") || "no problem found");
  });

  test("Python: the retry loop sleeps after its last attempt", async () => {
    const code = mutate("python", / or attempt == ATTEMPTS:/, ":");
    const problems = await problemsOf("python", code);
    assert.ok(
      problems.some((p) => p.includes("waited after the last attempt")),
      problems.join("\n") || "no problem found",
    );
  });
});
