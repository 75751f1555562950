// Embedding in a developer portal, in a real browser: a page framed by another origin hides
// the site's chrome and reports its height; ?embed does the same without a frame; every page
// type runs under a strict CSP; the theme button; the not-found page deep under a sub-path.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSite, repo } from "../support/site.mjs";
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

// ---- The embedding protocol, through the portal helper (static/portal.js) -------------------

const Ajv2020 = (await import("ajv/dist/2020.js")).default;
const schema = JSON.parse(readFileSync(path.join(repo, "docs/embed-messages.schema.json"), "utf8"));
const validMessage = new Ajv2020({ allErrors: true }).compile(schema);

/**
 * A portal on another origin that includes the helper in one line and frames `src` with
 * `<iframe data-statusbook>`, far enough down its page to scroll; it records every message
 * and every `statusbook:navigate` event.
 */
function helperPortal(src, { theme } = {}) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>
<script src="${docs.url}static/portal.js" defer></script>
<script>
  window.messages = [];
  window.navigations = [];
  window.addEventListener("message", (event) => window.messages.push(event.data));
  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("docs").addEventListener("statusbook:navigate", (event) => window.navigations.push(event.detail));
  });
</script></head><body style="margin: 0">
<h1 style="height: 900px; margin: 0">Developer portal</h1>
<iframe id="docs" data-statusbook ${theme ? `data-theme="${theme}"` : ""} title="Status codes" src="${src}"></iframe>
<div style="height: 3000px"></div>
</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((done) => server.close(done)),
  })));
}

async function withPortal(src, options, body) {
  const host = await helperPortal(src, options);
  const { page, problems, close } = await watchedPage(browser, { origin: null, viewport: { width: 1000, height: 700 } });
  try {
    await page.goto(host.url);
    await page.waitForFunction(() => window.navigations.length > 0);
    const frame = () => page.frames().find((f) => f.url().startsWith(docs.url));
    await body(page, frame);
    const messages = await page.evaluate(() => window.messages.filter((m) => m && String(m.type).startsWith("statusbook:")));
    for (const message of messages) assert.ok(validMessage(message), `${JSON.stringify(message)}: ${JSON.stringify(validMessage.errors)}`);
    assert.deepEqual(problems.filter((p) => !p.startsWith("foreign request")), []);
  } finally {
    await close();
    await host.close();
  }
}

test("protocol: the frame fits its content and says which page it shows", async () => {
  await withPortal(docs.url + "codes/429.html", {}, async (page, frame) => {
    const first = await page.evaluate(() => window.navigations[0]);
    assert.deepEqual(first, { type: "statusbook:navigate", version: 1, path: "codes/429.html", title: "429 Too Many Requests", code: 429 });
    const content = await frame().evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await page.waitForFunction((h) => Math.round(document.getElementById("docs").getBoundingClientRect().height) === h, content);
  });
});

test("protocol: a link to a place on the page scrolls the portal there", async () => {
  await withPortal(docs.url + "codes/429.html", {}, async (page, frame) => {
    const link = frame().locator("a[href='#what-http-says']").first();
    await link.click();
    const expected = await frame().evaluate(() => Math.round(document.getElementById("what-http-says").getBoundingClientRect().top + window.scrollY));
    const frameTop = await page.evaluate(() => Math.round(document.getElementById("docs").getBoundingClientRect().top + window.scrollY));
    await page.waitForFunction((top) => Math.abs(window.scrollY - top) <= 2, frameTop + expected);
    assert.match(frame().url(), /#what-http-says$/);
  });
});

test("protocol: another page opened in the frame is announced, and the portal returns to the frame's top", async () => {
  await withPortal(docs.url + "codes/429.html", {}, async (page, frame) => {
    await page.evaluate(() => window.scrollTo(0, 2500));
    await frame().locator(".related a[href='503.html']").evaluate((a) => a.click());
    await page.waitForFunction(() => window.navigations.length > 1);
    const next = await page.evaluate(() => window.navigations.at(-1));
    assert.equal(next.path, "codes/503.html");
    assert.equal(next.code, 503);
    assert.match(next.title, /^503/);
    const frameTop = await page.evaluate(() => Math.round(document.getElementById("docs").getBoundingClientRect().top + window.scrollY));
    await page.waitForFunction((top) => Math.abs(window.scrollY - top) <= 2, frameTop);
    // And the portal can open a code itself.
    await page.evaluate(() => document.getElementById("docs").statusbook.go(401));
    await page.waitForFunction(() => window.navigations.at(-1).code === 401);
  });
});

test("protocol: ?theme= pins the theme at load, and the portal can change it by message", async () => {
  const background = (frame) => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await withPortal(docs.url + "codes/429.html?theme=dark", {}, async (page, frame) => {
    assert.equal(await background(frame()), "rgb(13, 17, 23)");
    await page.evaluate(() => document.getElementById("docs").statusbook.theme("light"));
    await page.waitForFunction(() => true);
    await frame().waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(255, 255, 255)");
    // ?theme stays on the site's links, so the next page keeps it.
    assert.match(await frame().locator(".related a[href*='503.html']").getAttribute("href"), /theme=dark/);
  });
  await withPortal(docs.url + "codes/429.html", { theme: "dark" }, async (page, frame) => {
    await frame().waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(13, 17, 23)");
  });
});

test("protocol: links that leave the site open outside the frame", async () => {
  await withPortal(docs.url + "codes/429.html", {}, async (page, frame) => {
    const rfc = frame().locator("a[href^='https://www.rfc-editor.org/']").first();
    assert.equal(await rfc.getAttribute("target"), "_blank");
    assert.equal(await rfc.getAttribute("rel"), "noopener");
    const local = frame().locator(".related a[href='503.html']");
    assert.equal(await local.getAttribute("target"), null, "the site's own links stay in the frame");
    // Followed, it opens a new tab (the network is closed: it only has to be asked for) and
    // the frame stays on its page.
    const shown = frame().url();
    const [popup] = await Promise.all([page.context().waitForEvent("page"), rfc.evaluate((a) => a.click())]);
    assert.ok(popup !== page, "a new tab");
    await popup.close();
    assert.equal(frame().url(), shown);
  });
  await withPortal(docs.url + "codes/429.html?external=top", {}, async (page, frame) => {
    assert.equal(await frame().locator("a[href^='https://www.rfc-editor.org/']").first().getAttribute("target"), "_top");
  });
});
