// The MkDocs export built as Backstage TechDocs builds it (`mkdocs build --strict` with the
// techdocs-core plugin, which scripts/test installs and puts first on PATH), in a real
// browser: the index and a code page load nothing from another origin and throw nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSite, repo } from "../support/site.mjs";
import { serve } from "../support/server.mjs";
import { launch, watchedPage } from "../support/browser.mjs";

let browser, server;
const temporary = [];

/** Runs `mkdocs build --strict` on the export in `project`, into a fresh folder. */
function mkdocsBuild(project) {
  const out = mkdtempSync(path.join(tmpdir(), "statusbook-techdocs-"));
  temporary.push(out);
  try {
    execFileSync("mkdocs", ["build", "--strict", "--quiet", "-d", out], {
      cwd: project,
      // Material's banner about MkDocs 2.0 would bury the build's own messages.
      env: { ...process.env, NO_MKDOCS_2_WARNING: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new Error(
        "mkdocs is not on PATH: ./scripts/test installs mkdocs and techdocs-core into target/python " +
          "and puts target/python/bin first on PATH (to run this file alone: " +
          "export PATH=$PWD/target/python/bin:$PATH)",
      );
    }
    throw new Error(`mkdocs build --strict failed on ${project}:\n${error.stdout}${error.stderr}`);
  }
  return out;
}

before(async () => {
  // A written page may use an emoji shortcode, which TechDocs' emoji extension would
  // otherwise turn into an image from a CDN.
  const source = mkdtempSync(path.join(tmpdir(), "statusbook-techdocs-source-"));
  temporary.push(source);
  cpSync(path.join(repo, "tests/fixtures/code-pages"), source, { recursive: true });
  const written = path.join(source, "content/codes/429.md");
  writeFileSync(written, readFileSync(written, "utf8").replace("Wait as long", "Wait :hourglass: as long"));
  const book = buildSite(source);
  temporary.push(book);
  const site = mkdocsBuild(path.join(book, "mkdocs"));
  browser = await launch();
  // The fixture's site-url is https://docs.acme.test/status/: serve it under that path.
  server = await serve(site, { prefix: "/status/" });
});

after(async () => {
  await browser?.close();
  await server?.close();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Opens `path` and waits until the network is quiet; `requests` lists every URL asked for. */
async function open(path) {
  const watched = await watchedPage(browser, { origin: new URL(server.url).origin });
  const requests = [];
  watched.page.on("request", (request) => requests.push(request.url()));
  await watched.page.goto(server.url + path, { waitUntil: "networkidle" });
  return { ...watched, requests };
}

test("the index and a code page load nothing from another origin", async () => {
  for (const [path, title] of [["", "Acme API"], ["codes/429/", "429 Too Many Requests"]]) {
    const { page, problems, requests, close } = await open(path);
    try {
      // The heading's permalink (¶) is a link inside it.
      assert.equal(await page.locator("article h1").first().evaluate((h) => h.firstChild.textContent), title);
      assert.match(
        await page.getAttribute("meta[name=generator]", "content"),
        /mkdocs-material/,
        `${path || "index"}: built with TechDocs' theme`,
      );
      // The theme's own files did load, so no problems means nothing came from elsewhere.
      assert.ok(requests.some((url) => /\/assets\/stylesheets\/main\.[^/]*\.css$/.test(url)), `${path}: ${requests}`);
      assert.ok(requests.some((url) => /\/assets\/javascripts\/bundle\.[^/]*\.js$/.test(url)), `${path}: ${requests}`);
      assert.deepEqual(problems, [], `${path || "index"}`);
    } finally {
      await close();
    }
  }
});

test("code is highlighted at build time and an emoji is a character, not an image", async () => {
  const { page, problems, close } = await open("codes/429/");
  try {
    assert.ok(await page.locator(".language-python.highlight pre code span.kn").count() > 0, "Pygments classes");
    const text = await page.locator("article p", { hasText: "Wait" }).first().textContent();
    assert.match(text, /^Wait \u231b\ufe0f as long/);
    assert.equal(await page.locator("article img").count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
