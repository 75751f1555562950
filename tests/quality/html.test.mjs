// Every generated page of this repository's site and of every fixture site passes the Nu Html
// Checker (vnu.jar from npm, run with the machine's Java) with zero errors. Fragments are
// checked wrapped in a minimal document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { buildSite, repo } from "../support/site.mjs";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith(".html"))
    .map((file) => path.join(dir, file));
}

test("every generated page is valid HTML", () => {
  const fixtures = readdirSync(path.join(repo, "tests/fixtures")).map((name) => `tests/fixtures/${name}`);
  const files = [];
  const wrapped = mkdtempSync(path.join(tmpdir(), "statusbook-fragments-"));
  for (const dir of [".", ...fixtures]) {
    const site = buildSite(dir);
    for (const file of htmlFiles(site)) {
      if (file.includes(`${path.sep}mkdocs${path.sep}`)) continue;
      if (file.includes(`${path.sep}fragments${path.sep}`)) {
        const name = path.join(wrapped, `${path.basename(dir)}-${path.basename(file)}`);
        const fragment = readFileSync(file, "utf8");
        writeFileSync(name, `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Fragment</title>\n</head>\n<body>\n${fragment}</body>\n</html>\n`);
        files.push(name);
      } else {
        files.push(file);
      }
    }
  }
  assert.ok(files.length > 60, `${files.length} pages`);
  assert.ok(files.some((f) => f.startsWith(wrapped)), "fragments are checked too");
  let report;
  try {
    report = execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", ...files], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    report = error.stderr || error.stdout;
  }
  const messages = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === "error");
  const lines = messages.map((m) => `${m.url.replace("file:", "")}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(lines, []);
});
