// statusbook's portal helper: the portal's side of the embedding protocol (version 1,
// docs/embedding.md), for a page that frames a statusbook site. One line wires it up:
//
//   <script src="https://docs.acme.example/status/static/portal.js" defer></script>
//   <iframe data-statusbook data-theme="dark" title="Status codes"
//           src="https://docs.acme.example/status/codes/404.html"></iframe>
//
// Every <iframe data-statusbook> then fits its content (no scroll bar), scrolls the portal
// to the places the reader follows links to, scrolls back to the frame's top when another
// page opens in it, and fires a `statusbook:navigate` event on the iframe with the page's
// path, title and code, so the portal can update its own title or address. A `data-theme`
// of light, dark or auto is sent to every page the frame shows. For more control:
// `statusbook.connect(iframe, { theme })` returns `{ theme(name), go(code), disconnect() }`.
//
// Messages are taken only from the frame's own window and origin. No dependencies.
(function () {
  "use strict";
  var VERSION = 1;

  function connect(frame, options) {
    options = options || {};
    var origin = new URL(frame.src, location.href).origin;
    var theme = options.theme || frame.getAttribute("data-theme") || null;
    var pages = 0;

    function post(message) {
      message.version = VERSION;
      if (frame.contentWindow) frame.contentWindow.postMessage(message, origin);
    }

    function receive(event) {
      if (event.source !== frame.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (!data || typeof data !== "object" || data.version !== VERSION) return;
      if (data.type === "statusbook:height" && data.height > 0) {
        frame.style.height = data.height + "px";
      } else if (data.type === "statusbook:scroll" && data.top >= 0) {
        window.scrollTo({ top: frameTop() + data.top, behavior: "auto" });
      } else if (data.type === "statusbook:navigate") {
        if (theme) post({ type: "statusbook:theme", theme: theme });
        // A new page in the frame starts at its top, not where the last one was left.
        if (pages++ > 0 && frame.getBoundingClientRect().top < 0) window.scrollTo({ top: frameTop() });
        frame.dispatchEvent(new CustomEvent("statusbook:navigate", { detail: data }));
      }
    }

    function frameTop() {
      return frame.getBoundingClientRect().top + window.scrollY;
    }

    frame.style.border = frame.style.border || "0";
    frame.style.width = frame.style.width || "100%";
    window.addEventListener("message", receive);
    return {
      theme: function (name) {
        theme = name;
        post({ type: "statusbook:theme", theme: name });
      },
      go: function (code) {
        post({ type: "statusbook:go", code: Number(code) });
      },
      disconnect: function () {
        window.removeEventListener("message", receive);
      },
    };
  }

  window.statusbook = { version: VERSION, connect: connect };

  function connectAll() {
    var frames = document.querySelectorAll("iframe[data-statusbook]");
    for (var i = 0; i < frames.length; i++) frames[i].statusbook = connect(frames[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connectAll);
  else connectAll();
})();
