// `statusbook serve` in a real browser: an edit reloads the open page, a broken edit shows
// the error over the page (the last good page stays), and fixing it reloads again.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repo } from "../support/site.mjs";
import { launch } from "../support/browser.mjs";

const binary = process.env.STATUSBOOK_BIN || path.join(repo, "target/debug/statusbook");
let browser, server, url, site;

before(async () => {
  site = mkdtempSync(path.join(tmpdir(), "statusbook-serve-"));
  cpSync(path.join(repo, "tests/fixtures/table-only"), site, { recursive: true });
  server = spawn(binary, ["serve", "-p", "0", site], { env: { ...process.env, NO_COLOR: "1" } });
  url = await new Promise((resolve, reject) => {
    let text = "";
    server.stderr.on("data", (chunk) => {
      text += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
      if (found) resolve(found[0]);
    });
    server.on("exit", () => reject(new Error(`serve exited: ${text}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("edits reload the page; a broken edit shows an overlay over the last good page", async () => {
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url + "codes/418.html");
  const table = path.join(site, "content/codes.txt");
  const good = readFileSync(table, "utf8");

  await Promise.all([
    page.waitForEvent("load"),
    writeFileSync(table, good.replace("is text, not markup", "was edited just now")),
  ]);
  await page.waitForSelector("text=was edited just now");

  writeFileSync(table, good + "\r\nnot a code line\r\n");
  const overlay = page.locator("[role=alert]");
  await overlay.waitFor();
  assert.match(await overlay.textContent(), /expected a status code at the start of the line/);
  assert.match(await page.locator("h1").textContent(), /418/, "the last good page is still there");

  await Promise.all([page.waitForEvent("load"), writeFileSync(table, good)]);
  await page.waitForSelector("text=is text, not markup");
  assert.equal(await page.locator("[role=alert]").count(), 0);
  assert.deepEqual(errors, []);
});
