// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
import { chromium } from "playwright-core";

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A new page that records console errors, uncaught exceptions and requests to any other
 * origin than `origin` (file: URLs count as the site's own).
 */
export async function watchedPage(browser, { origin, ...options } = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  // A not-found page is itself answered with 404, which Chromium logs; that one is expected.
  const missingDocuments = new Set();
  page.on("response", (response) => {
    if (response.status() === 404 && response.request().isNavigationRequest()) missingDocuments.add(response.url());
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/status of 404/.test(message.text()) && missingDocuments.has(message.location().url)) return;
    problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "file:" || url.protocol === "data:") return;
    if (origin && url.origin !== origin) problems.push(`foreign request: ${request.url()}`);
  });
  return { page, problems, close: () => context.close() };
}
