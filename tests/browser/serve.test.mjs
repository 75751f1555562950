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
const servers = [];
let browser;

/** Copies a fixture site to a temporary folder and serves it; resolves to its folder and URL. */
async function serve(fixture) {
  const site = mkdtempSync(path.join(tmpdir(), "statusbook-serve-"));
  cpSync(path.join(repo, "tests/fixtures", fixture), site, { recursive: true });
  const server = spawn(binary, ["serve", "-p", "0", site], { env: { ...process.env, NO_COLOR: "1" } });
  servers.push(server);
  const url = await new Promise((resolve, reject) => {
    let text = "";
    server.stderr.on("data", (chunk) => {
      text += chunk;
      const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
      if (found) resolve(found[0]);
    });
    server.on("exit", () => reject(new Error(`serve exited: ${text}`)));
  });
  return { site, url };
}

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.kill();
});

test("edits reload the page; a broken edit shows an overlay over the last good page", async () => {
  const { site, url } = await serve("table-only");
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

test("an edited code page reloads itself, and other open pages stay as they are", async () => {
  const { site, url } = await serve("code-pages");
  const context = await browser.newContext();
  const [edited, other] = [await context.newPage(), await context.newPage()];
  await edited.goto(url + "codes/429.html");
  await other.goto(url + "codes/401.html");
  // A mark that a reload would wipe.
  await other.evaluate(() => (window.untouched = true));
  const file = path.join(site, "content/codes/429.md");
  const text = readFileSync(file, "utf8");

  await Promise.all([
    edited.waitForEvent("load"),
    writeFileSync(file, text.replace("Wait as long as", "Back off for as long as")),
  ]);
  await edited.waitForSelector("text=Back off for as long as");
  // Give the full rebuild that follows time to finish and announce itself.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await other.evaluate(() => window.untouched), true, "the other page did not reload");
  await context.close();
});
