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
    assert.match(await page.locator(".tab-panel:visible").textContent(), /wait_seconds/);
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
    const [request, response] = [0, 1].map((i) => page.locator(".answer .exchange-part").nth(i).locator(".copy-button"));
    await request.click();
    // The button says so once the clipboard has taken the text, which is asynchronous.
    await request.evaluate((button) => new Promise((resolve) => {
      const done = () => button.textContent !== "Copy" && resolve();
      new MutationObserver(done).observe(button, { childList: true, characterData: true, subtree: true });
      done();
      setTimeout(resolve, 1500);
    }));
    assert.equal(await request.textContent(), "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^GET \/v2\/orders\/8472 HTTP\/1\.1\n/);
    assert.doesNotMatch(copied, /<span/);
    await response.click();
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^HTTP\/1\.1 429 Too Many Requests\n/);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the example comes first: within 800 px on a desktop, within two screens on a phone", async () => {
  // The repository's own site (written examples) and a fixture with generated ones.
  const own = buildSite(".");
  const ownServer = await serve(own);
  try {
    const pages = [
      [ownServer.url, "codes/304.html"],
      [ownServer.url, "codes/503.html"],
      [ownServer.url, "codes/406.html"],
      [server.url, "codes/429.html"],
      [server.url, "codes/201.html"],
    ];
    for (const [width, height, limit] of [[1280, 800, 800], [375, 667, 2 * 667]]) {
      for (const [base, path] of pages) {
        const watched = await watchedPage(browser, { viewport: { width, height }, origin: new URL(base).origin });
        try {
          await watched.page.goto(base + path);
          const top = await watched.page.locator(".answer .exchange-part").first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
          assert.ok(top < limit, `${path} at ${width} px: the request starts at ${Math.round(top)} px, not within ${limit}`);
          const lead = await watched.page.locator(".code-header .code-description").textContent();
          assert.ok(lead.length > 0, "a line under the title");
          assert.deepEqual(watched.problems, []);
        } finally {
          await watched.close();
        }
      }
    }
  } finally {
    await ownServer.close();
  }
});

