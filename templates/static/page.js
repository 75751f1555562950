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

  // Search: its script (and then its index) loads when the reader reaches for the box, with
  // `/` from anywhere, or at once for a ?q= link and on the not-found page.
  var here = document.currentScript;
  var searchBox = document.querySelector("form[data-search]");
  if (searchBox) {
    var input = searchBox.querySelector("input[type=search]");
    var searchLoaded = false;
    var loadSearch = function () {
      if (searchLoaded || !here) return;
      searchLoaded = true;
      var script = document.createElement("script");
      script.src = new URL("search.js", here.src).href;
      document.head.appendChild(script);
    };
    ["focusin", "pointerenter", "touchstart"].forEach(function (type) {
      searchBox.addEventListener(type, loadSearch, { passive: true });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      input.focus();
    });
    if (/[?&]q=/.test(location.search) || document.querySelector("[data-search-suggest]")) loadSearch();
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
