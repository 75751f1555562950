// statusbook in a portal: loaded by head.js only when the page is framed or opened with
// ?embed. Tells the parent how tall the content is, whenever that changes, and keeps ?embed
// on the site's own links when the page was opened that way.
(function () {
  "use strict";
  // Inserted by head.js, this may run before the page is parsed: wait for it.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var lastHeight = -1;
    var postHeight = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === lastHeight || window.parent === window) return;
      lastHeight = height;
      window.parent.postMessage({ type: "statusbook:height", height: height }, "*");
    };
    window.addEventListener("load", postHeight);
    if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.documentElement);
    postHeight();
    if (/[?&]embed(=|&|$)/.test(location.search)) {
      var links = document.querySelectorAll("a[href]");
      for (var l = 0; l < links.length; l++) {
        var url = new URL(links[l].href, location.href);
        if (url.origin === location.origin && url.pathname !== location.pathname && !url.searchParams.has("embed")) {
          url.searchParams.set("embed", "");
          links[l].href = url.href;
        }
      }
    }
  }
})();
