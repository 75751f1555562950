// Runs in <head>, before the page is drawn, so neither the reader's theme nor embedded mode
// flashes in after the first paint. Kept tiny: the rest is in page.js, loaded deferred.
(function () {
  "use strict";
  var root = document.documentElement;
  // ?theme=light or dark pins the theme (a portal matching its own); ?theme=auto follows the
  // reader's system setting. Either way the reader's stored choice does not apply.
  var pinned = /[?&]theme=(light|dark|auto)(&|$)/.exec(location.search);
  if (pinned) {
    if (pinned[1] !== "auto") root.setAttribute("data-theme", pinned[1]);
  } else {
    try {
      var theme = localStorage.getItem("statusbook:theme");
      if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    } catch (e) {
      // No storage (private mode, sandboxed frame): the system theme applies.
    }
  }
  var framed;
  try {
    framed = window.self !== window.top;
  } catch (e) {
    framed = true;
  }
  if (framed || /[?&]embed(=|&|$)/.test(location.search)) {
    root.classList.add("embedded");
    var script = document.createElement("script");
    script.src = new URL("embed.js", document.currentScript.src).href;
    script.defer = true;
    document.head.appendChild(script);
  }
})();
