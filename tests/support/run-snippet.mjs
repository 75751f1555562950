// Runs one client snippet with its real client, with waiting faked and a hard timeout:
// curl in bash (with fake-time.bash sourced first), Node's fetch (the snippet saved as an
// .mjs module, with fake-time-node.mjs preloaded) and Python's requests (through
// run-python.py). Each run gets a folder of its own (also its TMPDIR), removed afterwards.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const support = path.dirname(fileURLToPath(import.meta.url));

/** The languages of the generated snippets, by tab id. */
export const LANGUAGES = ["curl", "js", "python"];

const FILE = { curl: "snippet.sh", js: "snippet.mjs", python: "snippet.py" };

/** The Python that has `requests`: $PYTHON, else the first python3 on PATH. */
export const PYTHON = process.env.PYTHON || "python3";

function command(lang, file) {
  switch (lang) {
    case "curl":
      return [
        "bash",
        ["-c", 'source "$1"; __snippet=$2; shift 2; source "$__snippet"', "bash", path.join(support, "fake-time.bash"), file],
      ];
    case "js":
      return [process.execPath, ["--import", pathToFileURL(path.join(support, "fake-time-node.mjs")).href, file]];
    case "python":
      return [PYTHON, [path.join(support, "run-python.py"), file]];
    default:
      throw new Error(`no runner for ${lang}`);
  }
}

// Runs share two cores with the mock server: a few at a time keeps each one fast.
const limit = Math.max(3, availableParallelism() * 2);
let running = 0;
const queue = [];

async function slot() {
  if (running >= limit) await new Promise((resolve) => queue.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    queue.shift()?.();
  };
}

/** The environment of a run: ours without proxies, plus `env`. */
function environment(dir, log, env) {
  const base = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(https?|all|no)_proxy$/i.test(name)) delete base[name];
  }
  return { ...base, NO_PROXY: "127.0.0.1,localhost", TMPDIR: dir, SNIPPET_SLEEP_LOG: log, ...env };
}

/**
 * Runs `code` as a `lang` snippet. Resolves with its exit status (`code`, or `signal`),
 * whether it was killed at `timeoutMs`, its output, and the waits it asked for (`sleeps`,
 * in seconds, in order).
 */
export async function runSnippet(lang, code, { env = {}, timeoutMs = 20_000 } = {}) {
  const release = await slot();
  const dir = mkdtempSync(path.join(tmpdir(), `statusbook-snippet-${lang}-`));
  try {
    const file = path.join(dir, FILE[lang]);
    const log = path.join(dir, "sleeps.log");
    writeFileSync(file, `${code}\n`);
    writeFileSync(log, "");
    const [program, args] = command(lang, file);
    const child = spawn(program, args, {
      cwd: dir,
      env: environment(dir, log, env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, timeoutMs);
    const [exitCode, signal] = await new Promise((resolve) => {
      child.on("error", (error) => {
        stderr += String(error);
        resolve([null, null]);
      });
      child.on("close", (c, s) => resolve([c, s]));
    });
    clearTimeout(timer);
    const sleeps = existsSync(log)
      ? readFileSync(log, "utf8").split("\n").filter(Boolean).map(Number)
      : [];
    return { lang, exitCode, signal, timedOut, stdout, stderr, sleeps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    release();
  }
}
