// Code pages in a real browser: snippet tabs (with and without JavaScript, remembered
// across pages) and the copy button on code blocks.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

let site, browser, server;

before(async () => {
  site = buildSite("tests/fixtures/code-pages");
  browser = await launch();
  server = await serve(site);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = {}) {
  const watched = await watchedPage(browser, { origin: new URL(server.url).origin, ...options });
  await watched.page.goto(server.url + path);
  return watched;
}

/** The label of the visible snippet panel's tab. */
async function visibleSnippet(page) {
  return page.$eval(".tab-input:checked + .tab-label", (label) => label.textContent);
}

test("snippet tabs switch, and the choice follows the reader to other pages", async () => {
  const { page, problems, close } = await open("codes/429.html");
  try {
    assert.equal(await visibleSnippet(page), "curl");
    assert.equal(await page.locator(".tab-panel:visible").count(), 1);
    await page.locator("label[for=snippet-python]").click();
    assert.equal(await visibleSnippet(page), "Python");
    assert.match(await page.locator(".tab-panel:visible").textContent(), /Our SDK retries for you/);
    await page.goto(server.url + "codes/503.html");
    assert.equal(await visibleSnippet(page), "Python", "remembered on the next page");
    assert.match(await page.locator(".tab-panel:visible").textContent(), /retry_delay/);
    await page.keyboard.press("Tab");
    await page.locator("#snippet-python").focus();
    await page.keyboard.press("ArrowLeft");
    assert.equal(await visibleSnippet(page), "JavaScript", "arrow keys move between tabs");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("snippet tabs work without JavaScript", async () => {
  const { page, problems, close } = await open("codes/429.html", { javaScriptEnabled: false });
  try {
    await page.locator("label[for=snippet-go]").click();
    assert.equal(await visibleSnippet(page), "Go");
    assert.match(await page.locator(".tab-panel:visible").textContent(), /client\.Do/);
    assert.equal(await page.locator(".copy-button").count(), 0, "no dead buttons without JavaScript");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the copy button copies a code block", async () => {
  const { page, problems, close } = await open("codes/429.html");
  try {
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
    const buttons = page.locator(".copy-button");
    assert.equal(await buttons.count(), await page.locator("main pre").count(), "one per code block");
    const example = page.locator("#generated-example ~ .code-block .copy-button");
    await example.click();
    assert.equal(await example.textContent(), "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^GET \/v2\/orders\/8472 HTTP\/1\.1\n/);
    assert.match(copied, /HTTP\/1\.1 429 Too Many Requests/);
    assert.doesNotMatch(copied, /<span/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
