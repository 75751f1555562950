// A loopback mock of the API that code pages document, for running their client snippets.
//
// One MockApi serves every run of a test file; each run gets an endpoint of its own, on a
// port of its own (`http://127.0.0.1:<port>`), so the snippet keeps the page's path and
// query exactly and runs never see each other's requests. An endpoint records every
// request as it arrived (method, target, header fields with their names as sent, content,
// and which connection it came on, counted from 1) and answers with whatever its `respond(index, request, origin)` returns: a status, a
// reason, header fields and content. Content-Length is set from the content; the other
// fields are sent as given. A request that asks to upgrade the connection (101) is answered
// on the raw socket, which is then closed.
import http from "node:http";

const NO_CONTENT = (status, method) =>
  method === "HEAD" || (status >= 100 && status < 200) || status === 204 || status === 304;

/** The header block of a response, for a raw socket. */
function rawHead({ status, reason, headers }) {
  const lines = [`HTTP/1.1 ${status} ${reason ?? ""}`.trimEnd()];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export class MockApi {
  constructor() {
    this.endpoints = new Set();
  }

  /** Opens an endpoint for one run; `respond` answers its requests, counted from 0. */
  async open(respond) {
    const requests = [];
    const server = http.createServer({ keepAliveTimeout: 60_000 });
    let origin;
    const connections = new WeakMap();
    let opened = 0;
    const record = (req, body) => {
      if (!connections.has(req.socket)) connections.set(req.socket, (opened += 1));
      const headers = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
      }
      const request = { method: req.method, target: req.url, headers, body, connection: connections.get(req.socket) };
      requests.push(request);
      return respond(requests.length - 1, request, origin);
    };
    server.on("request", (req, res) => {
      const chunks = [];
      req.on("data", (chunk) => chunks.push(chunk));
      req.on("end", () => {
        const body = chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : null;
        const answer = record(req, body);
        const content = NO_CONTENT(answer.status, req.method) ? null : (answer.body ?? "");
        const headers = answer.headers.filter(
          ([name]) => !/^(content-length|transfer-encoding)$/i.test(name),
        );
        if (content !== null) headers.push(["Content-Length", String(Buffer.byteLength(content))]);
        res.writeHead(answer.status, answer.reason ?? "", headers.flat());
        res.end(content ?? undefined);
      });
    });
    server.on("upgrade", (req, socket) => {
      const answer = record(req, null);
      const headers = answer.headers.filter(([name]) => !/^content-length$/i.test(name));
      if (answer.status !== 101) headers.push(["Content-Length", String(Buffer.byteLength(answer.body ?? ""))]);
      socket.end(rawHead({ ...answer, headers }) + (answer.status === 101 ? "" : (answer.body ?? "")));
    });
    server.on("clientError", (_, socket) => socket.destroy());
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address();
    origin = `http://127.0.0.1:${port}`;
    const endpoint = {
      origin,
      port,
      requests,
      close: async () => {
        this.endpoints.delete(endpoint);
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
    this.endpoints.add(endpoint);
    return endpoint;
  }

  /** Closes every endpoint still open. */
  async close() {
    await Promise.all([...this.endpoints].map((endpoint) => endpoint.close()));
  }
}
