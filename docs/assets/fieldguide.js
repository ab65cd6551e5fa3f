/* Field Guide front end, shared part: the element helper every page script uses, the
   outdated-release banner and the version selector's label. Page scripts (tables.js,
   compare.js, choose.js, charts.js) run on every page view, including Material's instant navigation
   (document$). Catalog text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  window.fieldGuideElement = el;  // shared with the page scripts

  // Catalog text as Markdown that renders as exactly that text, on one line: whatever could
  // start markup is backslash-escaped (CommonMark then shows the character itself), and so
  // are the `:` of `://` and the `.` of `www.`, so no GFM parser links a bare URL.
  window.fieldGuideMarkdown = function (text) {
    return String(text).replace(/\s+/g, " ").trim()
      .replace(/[\\`*_{}[\]<>#!|~$&@%^]/g, "\\$&")
      .replace(/:(?=\/\/)/g, "\\:")
      .replace(/\b(www)\./gi, "$1\\.");
  };

  // Copy text to the clipboard; rejects where there is no clipboard access (an insecure
  // context, or permission refused), so the caller can show the text to copy by hand.
  window.fieldGuideCopy = function (text) {
    return navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text)
      : Promise.reject(new Error("no clipboard access"));
  };

})();

/* Outdated-release banner: point "latest" at the same page, not the home page. */
document$.subscribe(function () {
  // __md_scope: Material's absolute URL of this version's root, set once at first load.
  if (typeof __md_scope === "undefined") return;
  var versionRoot = new URL(__md_scope.href.replace(/\/?$/, "/"));
  var rest = location.href.slice(versionRoot.href.length);
  document.querySelectorAll("a[data-fg-latest]").forEach(function (link) {
    link.href = new URL("../latest/" + rest, versionRoot).href;
  });
});

/* Material's version selector arrives after versions.json loads. Its button is labelled
   "Select version" while it shows the version: screen readers should hear both. */
(function () {
  "use strict";
  function label() {
    var button = document.querySelector(".md-version__current:not([data-fg-ready])");
    if (!button) return;
    button.setAttribute("data-fg-ready", "");
    var alias = button.querySelector(".md-version__alias");
    if (alias) alias.before(" ");
    button.setAttribute("aria-label", button.textContent.replace(/\s+/g, " ").trim() + ": select version");
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();
