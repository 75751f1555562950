// A small static file server for the browser tests: serves a built site under any
// sub-path, answers missing paths with the site's 404.html, and can send a strict CSP.
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
};

/**
 * Serves `root` at `prefix` on a free loopback port. Options: `prefix` (default "/"),
 * `headers` added to every response. Resolves to `{ url, close() }`, `url` ending with `/`.
 */
export function serve(root, { prefix = "/", headers = {} } = {}) {
  const server = http.createServer(async (request, response) => {
    const send = (status, body, type) => {
      response.writeHead(status, { "Content-Type": type, ...headers });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    const notFound = async () => send(404, await readFile(path.join(root, "404.html")), TYPES[".html"]);
    const url = new URL(request.url, "http://localhost");
    if (!url.pathname.startsWith(prefix)) return notFound();
    let relative;
    try {
      relative = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return send(400, "bad request", "text/plain");
    }
    let file = path.join(root, relative);
    if (!file.startsWith(path.resolve(root))) return send(400, "bad request", "text/plain");
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const type = TYPES[path.extname(file)] || "application/octet-stream";
      send(200, await readFile(file), type);
    } catch {
      await notFound();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
