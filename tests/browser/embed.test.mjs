// Embedding in a developer portal, in a real browser: a page framed by another origin hides
// the site's chrome and reports its height; ?embed does the same without a frame; every page
// type runs under a strict CSP; the theme button; the not-found page deep under a sub-path.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

let browser, docs, site;

before(async () => {
  site = buildSite("tests/fixtures/code-pages");
  browser = await launch();
  // The fixture's site-url is https://docs.acme.test/status/: serve it under that path.
  docs = await serve(site, {
    prefix: "/status/",
    headers: { "Content-Security-Policy": "default-src 'self'; frame-ancestors *" },
  });
});

after(async () => {
  await browser?.close();
  await docs?.close();
});

/** A portal on another origin (another port) that frames `src` and records height messages. */
function portal(src) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html><head><title>Portal</title></head><body>
<h1>Developer portal</h1>
<iframe id="docs" title="Status codes" src="${src}" style="width: 700px; height: 300px; border: 0"></iframe>
<script>
  window.heights = [];
  const allowed = new URL(${JSON.stringify(src)}).origin;
  window.addEventListener("message", (event) => {
    if (event.origin !== allowed || event.data?.type !== "statusbook:height") return;
    window.heights.push(event.data.height);
    document.getElementById("docs").style.height = event.data.height + "px";
  });
</script></body></html>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  })));
}

test("framed by another origin: no site chrome, and the height is posted to the parent", async () => {
  const host = await portal(docs.url + "codes/429.html");
  const { page, problems, close } = await watchedPage(browser, { origin: null });
  try {
    await page.goto(host.url);
    const frame = page.frameLocator("#docs");
    await frame.locator("h1").waitFor();
    const inner = page.frames().find((f) => f.url().startsWith(docs.url));
    assert.equal(await inner.evaluate(() => getComputedStyle(document.querySelector(".site-header")).display), "none");
    assert.equal(await inner.evaluate(() => getComputedStyle(document.querySelector(".site-footer")).display), "none");
    await page.waitForFunction(() => window.heights.length > 0);
    const contentHeight = await inner.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await page.waitForFunction((h) => window.heights.at(-1) === h, contentHeight);
    const frameHeight = await page.$eval("#docs", (f) => f.getBoundingClientRect().height);
    assert.equal(frameHeight, contentHeight, "the portal sized the frame to the content");
    // Links keep working inside the frame, which stays embedded.
    const before = await page.evaluate(() => window.heights.length);
    await inner.locator(".related a[href='503.html']").click();
    await page.waitForFunction((n) => window.heights.length > n, before);
    const moved = page.frames().find((f) => f.url().endsWith("codes/503.html"));
    assert.ok(moved, "the frame navigated");
    assert.equal(await moved.evaluate(() => document.documentElement.classList.contains("embedded")), true);
    assert.deepEqual(problems, []);
  } finally {
    await close();
    await host.close();
  }
});

test("?embed shows only the content, and keeps ?embed on the site's links", async () => {
  const { page, problems, close } = await watchedPage(browser, { origin: new URL(docs.url).origin });
  try {
    await page.goto(docs.url + "codes/429.html?embed");
    assert.equal(await page.locator(".site-header").isHidden(), true);
    const href = await page.locator(".related a").first().getAttribute("href");
    assert.match(href, /\?embed=?$/);
    await page.goto(docs.url + "codes/429.html");
    assert.equal(await page.locator(".site-header").isVisible(), true, "not embedded without ?embed or a frame");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("every page type runs under default-src 'self' with no console errors", async () => {
  const paths = ["", "codes/201.html", "codes/304.html", "codes/420.html", "codes/429.html", "no/such/page"];
  for (const path of paths) {
    const { page, problems, close } = await watchedPage(browser, { origin: new URL(docs.url).origin });
    try {
      const response = await page.goto(docs.url + path);
      assert.ok(response.headers()["content-security-policy"].includes("default-src 'self'"));
      await page.locator("#search-input").fill("retry");
      await page.waitForFunction(() => /result/.test(document.querySelector("[data-search-status]").textContent));
      await page.locator("[data-theme-toggle]").click();
      assert.deepEqual(problems, [], path);
    } finally {
      await close();
    }
  }
});

test("the not-found page works at any depth under the site's path (its base is site-url)", async () => {
  const { page, problems, close } = await watchedPage(browser, { origin: new URL(docs.url).origin });
  try {
    const response = await page.goto(docs.url + "codes/deep/er/4299");
    assert.equal(response.status(), 404);
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".not-found-code")).fontFamily);
    assert.match(styled, /monospace/, "the style sheet loaded");
    await page.waitForSelector("[data-search-suggest]:not([hidden]) a");
    assert.match(await page.locator("[data-search-suggest] a").first().textContent(), /^429/);
    await Promise.all([page.waitForURL(docs.url + "codes/429.html"), page.locator("[data-search-suggest] a").first().click()]);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the theme button switches theme and the choice holds on the next page, without a flash", async () => {
  const { page, problems, close } = await watchedPage(browser, { origin: new URL(docs.url).origin, colorScheme: "light" });
  try {
    await page.goto(docs.url + "codes/201.html");
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await background(), "rgb(255, 255, 255)");
    const toggle = page.locator("[data-theme-toggle]");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.equal(await background(), "rgb(13, 17, 23)");
    // On the next page the theme is set before anything is drawn: check at the first chance.
    await page.addInitScript(() => {
      document.addEventListener("readystatechange", () => {
        if (document.readyState === "interactive" && !window.firstTheme) {
          window.firstTheme = document.documentElement.getAttribute("data-theme");
        }
      });
    });
    await page.goto(docs.url + "codes/304.html");
    assert.equal(await page.evaluate(() => window.firstTheme), "dark");
    assert.equal(await background(), "rgb(13, 17, 23)");
    await page.locator("[data-theme-toggle]").click();
    assert.equal(await background(), "rgb(255, 255, 255)");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
