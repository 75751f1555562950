// statusbook in a portal: loaded by head.js only when the page is framed or opened with
// ?embed. The frame's side of the embedding protocol (version 1, docs/embedding.md, whose
// messages docs/embed-messages.schema.json describes):
//
// - to the portal: `statusbook:navigate` when a page loads (its path, title and code),
//   `statusbook:height` whenever the content's height changes, and `statusbook:scroll`
//   when the reader follows a link to a place on the page, since the frame has no scroll
//   bar of its own and only the portal can scroll there;
// - from the portal (only the frame's own parent is listened to): `statusbook:theme` and
//   `statusbook:go` to open a code's page.
//
// The site's own links keep ?embed, ?theme and ?external; links that leave the site open in
// a new tab, or in the portal's window with ?external=top, never inside the frame.
(function () {
  "use strict";
  var VERSION = 1;
  var KEPT = ["embed", "theme", "external"];
  // This script lives in static/: the site's root is one folder up.
  var root = new URL("..", document.currentScript ? document.currentScript.src : location.href);
  var params = new URLSearchParams(location.search);
  var framed = window.parent !== window;

  function send(type, data) {
    if (!framed) return;
    data.type = type;
    data.version = VERSION;
    window.parent.postMessage(data, "*");
  }

  // Inserted by head.js, this may run before the page is parsed: wait for it.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var path = location.href.startsWith(root.href) ? location.href.slice(root.href.length).split(/[?#]/)[0] : location.pathname;
    var code = /^codes\/(\d+)\.html$/.exec(path);
    var heading = document.querySelector("h1");
    send("statusbook:navigate", {
      path: path || "index.html",
      title: heading ? heading.textContent.replace(/\s+/g, " ").trim() : document.title,
      code: code ? Number(code[1]) : null,
    });

    var lastHeight = -1;
    var postHeight = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === lastHeight) return;
      lastHeight = height;
      send("statusbook:height", { height: height });
    };
    window.addEventListener("load", postHeight);
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.documentElement);
    postHeight();

    adjustLinks();
    document.addEventListener("click", followAnchor);
    window.addEventListener("message", command);
    // A page opened at a place (codes/429.html#retrying): ask the portal to scroll there.
    if (framed && location.hash) {
      window.addEventListener("load", function () { scrollTo(decodeURIComponent(location.hash.slice(1))); });
    }
  }

  /** The site's links keep the embedding parameters; the others leave the frame. */
  function adjustLinks() {
    var links = document.querySelectorAll("a[href]");
    var target = params.get("external") === "top" ? "_top" : "_blank";
    for (var l = 0; l < links.length; l++) {
      var link = links[l];
      var url = new URL(link.getAttribute("href"), location.href);
      if (!url.href.startsWith(root.href)) {
        if (url.protocol === "http:" || url.protocol === "https:") {
          link.target = target;
          if (target === "_blank") link.rel = "noopener";
        }
        continue;
      }
      if (url.pathname === location.pathname && url.search === location.search) continue;
      var changed = false;
      KEPT.forEach(function (name) {
        if (params.has(name) && !url.searchParams.has(name)) {
          url.searchParams.set(name, params.get(name));
          changed = true;
        }
      });
      if (changed) link.href = url.href;
    }
  }

  /** A link to a place on this page: the frame cannot scroll, so the portal does. */
  function followAnchor(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !framed || event.defaultPrevented || event.button !== 0) return;
    var url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname || !url.hash) return;
    var id = decodeURIComponent(url.hash.slice(1));
    if (!document.getElementById(id)) return;
    event.preventDefault();
    history.replaceState(null, "", url.href);
    scrollTo(id);
  }

  function scrollTo(id) {
    var element = document.getElementById(id);
    if (!element) return;
    var top = Math.max(0, Math.round(element.getBoundingClientRect().top + window.scrollY));
    send("statusbook:scroll", { top: top, id: id });
  }

  /** Commands from the portal that frames this page. */
  function command(event) {
    if (event.source !== window.parent || !event.data || typeof event.data !== "object") return;
    var data = event.data;
    if (data.type === "statusbook:theme") {
      if (data.theme === "light" || data.theme === "dark") document.documentElement.setAttribute("data-theme", data.theme);
      else if (data.theme === "auto") document.documentElement.removeAttribute("data-theme");
    } else if (data.type === "statusbook:go" && /^\d{1,6}$/.test(String(data.code))) {
      var next = new URL("codes/" + data.code + ".html", root);
      KEPT.forEach(function (name) {
        if (params.has(name)) next.searchParams.set(name, params.get(name));
      });
      location.href = next.href;
    }
  }
})();
