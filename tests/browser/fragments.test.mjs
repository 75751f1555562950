// Fragments in a host page, as a portal includes them: a page on one origin with the 401 and
// 403 fragments of this repository's site (published on another origin) and the scoped
// fragment.css. It must be valid HTML with no duplicate ids, pass axe, link only to pages
// that exist, leave the host's own styles as they were, and never scroll sideways.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { repo } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");
const axePath = require.resolve("axe-core/axe.min.js");
const binary = process.env.STATUSBOOK_BIN || path.join(repo, "target/debug/statusbook");

let browser, docs, portal, fragments;
const portalDir = mkdtempSync(path.join(tmpdir(), "statusbook-portal-"));

/** The host's own styles: what the fragment style sheet must not change. */
const HOST_CSS = `
body { font-family: Georgia, serif; color: #222; background: #fffdf7; margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { color: #5a1e00; font-weight: 700; }
p { line-height: 1.7; margin: 0 0 1rem; }
a { color: #0b57d0; }
pre { background: #eee; padding: 4px; }
code { font-size: 15px; }
dl, dd { margin: 0; }
`;

function hostPage(withFragmentCss) {
  const link = withFragmentCss ? `<link rel="stylesheet" href="${docs.url}static/fragment.css">\n` : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portal: API errors</title>
<link rel="stylesheet" href="host.css">
${link}</head>
<body>
<main>
<h1 id="top">API errors</h1>
<p class="host-text">Our gateway answers with these codes. <a class="host-link" href="#example">See the example</a>.</p>
<h2 id="example" class="host-heading">Example</h2>
<pre class="host-pre"><code>GET /orders HTTP/1.1</code></pre>
<dl class="host-dl"><dt>Owner</dt><dd>Platform team</dd></dl>
${fragments[401]}
${fragments[403]}
</main>
</body>
</html>
`;
}

before(async () => {
  browser = await launch();
  // The docs site, built with its published address: the server's.
  const out = mkdtempSync(path.join(tmpdir(), "statusbook-docs-"));
  docs = await serve(out);
  const source = mkdtempSync(path.join(tmpdir(), "statusbook-docs-src-"));
  cpSync(path.join(repo, "content"), path.join(source, "content"), { recursive: true });
  cpSync(path.join(repo, "openapi.yaml"), path.join(source, "openapi.yaml"));
  const toml = readFileSync(path.join(repo, "book.toml"), "utf8").replace(
    /^site-url = .*$/m,
    `site-url = "${docs.url}"\nfragments = true`,
  );
  writeFileSync(path.join(source, "book.toml"), toml);
  execFileSync(binary, ["build", "-q", source, "-d", out], { stdio: "inherit" });
  fragments = {};
  for (const code of [401, 403]) fragments[code] = readFileSync(path.join(out, `fragments/${code}.html`), "utf8");
  writeFileSync(path.join(portalDir, "host.css"), HOST_CSS);
  writeFileSync(path.join(portalDir, "404.html"), "<!DOCTYPE html><title>Not found</title>");
  writeFileSync(path.join(portalDir, "index.html"), hostPage(true));
  mkdirSync(path.join(portalDir, "plain"));
  writeFileSync(path.join(portalDir, "plain/index.html"), hostPage(false).replace('href="host.css"', 'href="../host.css"'));
  portal = await serve(portalDir);
});

after(async () => {
  await browser?.close();
  await docs?.close();
  await portal?.close();
});

test("a host page with the 401 and 403 fragments is valid HTML, with no duplicate ids", () => {
  let report;
  try {
    report = execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "json", path.join(portalDir, "index.html")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    report = error.stderr || error.stdout;
  }
  const errors = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === "error");
  assert.deepEqual(errors.map((m) => `${m.lastLine}: ${m.message}`), []);
  const ids = [...hostPage(true).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, "every id once");
  assert.ok(ids.includes("statusbook-401-retrying") && ids.includes("statusbook-403-retrying"));
  assert.ok(!/<script|\son\w+=|javascript:/i.test(fragments[401] + fragments[403]), "no script");
});

test("the fragments' headings sit below the host's: title h2, sections h3", () => {
  for (const code of [401, 403]) {
    assert.match(fragments[code], /<h2 class="sb-title">/);
    assert.ok(!/<h1[\s>]/.test(fragments[code]), `${code} has no h1`);
    assert.match(fragments[code], /<h3 id="statusbook-\d+-what-http-says">/);
  }
});

test("every link of the fragments leads to a page of the published site, or to an RFC", async () => {
  const links = new Set();
  for (const html of Object.values(fragments)) {
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) links.add(href);
  }
  let checked = 0;
  for (const link of links) {
    if (link.startsWith("#")) {
      const id = link.slice(1);
      assert.ok(Object.values(fragments).some((html) => html.includes(`id="${id}"`)), `${link} has its target`);
    } else if (link.startsWith("https://www.rfc-editor.org/")) {
      continue;
    } else {
      assert.ok(link.startsWith(docs.url), `${link} is absolute, on the published site`);
      const url = new URL(link);
      url.hash = "";
      assert.equal((await fetch(url)).status, 200, link);
      checked++;
    }
  }
  assert.ok(checked >= 3, `${checked} links into the site`);
});

test("axe finds no serious or critical violation in the host page, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, close } = await watchedPage(browser, { colorScheme });
    try {
      await page.goto(portal.url);
      await page.addScriptTag({ path: axePath });
      const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      const serious = results.violations.filter((v) => ["serious", "critical"].includes(v.impact));
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], colorScheme);
    } finally {
      await close();
    }
  }
});

test("the fragment style sheet leaves the host's own styles unchanged and never scrolls the page sideways", async () => {
  const properties = ["font-family", "font-size", "color", "background-color", "line-height", "margin-top", "margin-bottom", "padding-top", "display", "font-weight"];
  const styles = async (url, width) => {
    const { page, close } = await watchedPage(browser, { viewport: { width, height: 800 } });
    try {
      await page.goto(url);
      return await page.evaluate((names) => {
        const of = (selector) => {
          const style = getComputedStyle(document.querySelector(selector));
          return Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n)]));
        };
        return {
          host: Object.fromEntries(["body", "main", "h1", ".host-text", ".host-link", ".host-heading", ".host-pre", ".host-pre code", ".host-dl dd"].map((s) => [s, of(s)])),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          fragmentPre: getComputedStyle(document.querySelector(".statusbook-fragment pre")).overflowX,
        };
      }, properties);
    } finally {
      await close();
    }
  };
  for (const width of [1280, 375]) {
    const styled = await styles(portal.url, width);
    const plain = await styles(portal.url + "plain/", width);
    assert.deepEqual(styled.host, plain.host, `host elements at ${width} px`);
    assert.equal(styled.overflow, 0, `nothing scrolls sideways at ${width} px`);
    assert.equal(styled.fragmentPre, "auto", "code blocks scroll inside the fragment");
  }
});
