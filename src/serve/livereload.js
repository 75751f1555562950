// statusbook serve: reloads the page when the site is rebuilt, and shows a failed rebuild
// over the page until it is fixed. Served only by `statusbook serve`, never part of a build.
(function () {
  "use strict";
  var overlay = null;
  var generation = null;

  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed";
      s.inset = "0";
      s.zIndex = "2147483647";
      s.overflow = "auto";
      s.padding = "2rem";
      s.background = "rgba(20, 20, 24, 0.94)";
      s.color = "#fca5a5";
      s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      var title = document.createElement("p");
      title.textContent = "statusbook: the site does not build. The last good version is still served; fix the problem and this page reloads.";
      title.style.color = "#ffffff";
      title.style.fontWeight = "bold";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }

  var source = new EventSource("/__statusbook/events");
  source.addEventListener("hello", function (event) {
    // After the server restarts, its site may be newer than this page.
    if (generation !== null && generation !== event.data) location.reload();
    generation = event.data;
  });
  // The server names the pages that changed ("*" for all); this one reloads if it is named.
  // The page's own path comes from the attribute the server put on this script's tag.
  var script = document.currentScript;
  var page = script && script.getAttribute("data-page");
  source.addEventListener("reload", function (event) {
    var lines = event.data.split("\n");
    generation = lines[0];
    var pages = lines.slice(1);
    if (!page || pages.indexOf("*") !== -1 || pages.indexOf(page) !== -1) location.reload();
  });
  source.addEventListener("problem", function (event) {
    show(event.data);
  });
})();
