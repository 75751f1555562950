// statusbook page behaviour: a copy button on every code block, and one snippet language
// remembered across pages. Everything here is an enhancement: without it, code can still be
// selected and every snippet tab still works (they are radio buttons styled as tabs).
(function () {
  "use strict";

  var LANGUAGE_KEY = "statusbook:snippet";

  function remember(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (e) {
      // Storage can be off (private mode, sandboxed frames); the choice just isn't kept.
    }
  }

  function recall(key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  /** Checks the tab of `language` in every snippet group that has one. */
  function chooseLanguage(language) {
    var inputs = document.querySelectorAll("input[data-snippet]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].getAttribute("data-snippet") === language) inputs[i].checked = true;
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButton(pre) {
    var code = pre.querySelector("code") || pre;
    var wrapper = document.createElement("div");
    wrapper.className = "code-block";
    pre.parentNode.insertBefore(wrapper, pre);
    wrapper.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code");
    wrapper.appendChild(button);
    var reset;
    button.addEventListener("click", function () {
      copyText(code.textContent).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Press Ctrl+C"; }
      );
      clearTimeout(reset);
      reset = setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  }

  var blocks = document.querySelectorAll("main pre");
  for (var i = 0; i < blocks.length; i++) addCopyButton(blocks[i]);

  // The theme button: the reader's choice wins over the system's, on every page.
  var THEME_KEY = "statusbook:theme";
  var toggle = document.querySelector("[data-theme-toggle]");
  if (toggle) {
    var dark = window.matchMedia("(prefers-color-scheme: dark)");
    var current = function () {
      return document.documentElement.getAttribute("data-theme") || (dark.matches ? "dark" : "light");
    };
    var show = function () {
      toggle.setAttribute("aria-pressed", String(current() === "dark"));
    };
    toggle.hidden = false;
    show();
    dark.addEventListener("change", show);
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      remember(THEME_KEY, next);
      show();
    });
  }

  // Embedded in a portal: tell the parent how tall the content is, whenever that changes,
  // and keep ?embed on the site's own links when the page was opened that way.
  if (document.documentElement.classList.contains("embedded")) {
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

  var saved = recall(LANGUAGE_KEY);
  if (saved) chooseLanguage(saved);
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input[data-snippet]")) return;
    var language = target.getAttribute("data-snippet");
    remember(LANGUAGE_KEY, language);
    chooseLanguage(language);
  });
})();
