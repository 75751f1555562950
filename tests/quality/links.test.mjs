// No broken internal link or #anchor anywhere, checked by linkinator (not our own code) on the
// served site, from "/" and from a sub-path.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { LinkChecker } from "linkinator";
import { buildSite } from "../support/site.mjs";
import { serve } from "../support/server.mjs";

const sites = {};

before(() => {
  sites.own = buildSite(".");
  sites.fixtures = ["code-pages", "custom-templates", "custom-codes", "table-only"].map((name) => buildSite(`tests/fixtures/${name}`));
});

async function brokenLinks(root, prefix) {
  const server = await serve(root, { prefix });
  try {
    const checker = new LinkChecker();
    const result = await checker.check({
      path: server.url,
      recurse: true,
      checkFragments: true,
      // Only this site's own links: the network is closed, and external links are not ours.
      linksToSkip: (link) => Promise.resolve(!link.startsWith(server.url)),
    });
    const broken = result.links.filter((link) => link.state === "BROKEN");
    return {
      checked: result.links.filter((link) => link.state === "OK").length,
      broken: broken.map((link) => `${link.parent} → ${link.url} (${link.status})`),
    };
  } finally {
    await server.close();
  }
}

for (const prefix of ["/", "/portal/docs/status/"]) {
  test(`the site's links all resolve when served at ${prefix}`, async () => {
    const { checked, broken } = await brokenLinks(sites.own, prefix);
    assert.deepEqual(broken, []);
    assert.ok(checked >= 20, `${checked} distinct addresses checked`);
  });
}

test("the fixture sites' links all resolve too", async () => {
  for (const site of sites.fixtures) {
    const { broken } = await brokenLinks(site, "/docs/");
    assert.deepEqual(broken, [], site);
  }
});

