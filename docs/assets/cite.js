/* Entry pages: each Cite button copies the citation of its fact. The text was made at build
   time (fieldguide/views/cite.py) and sits in the button's data-fg-cite attribute; it is only
   ever copied or shown as a form value, never inserted as HTML. One listener on the document
   serves every page, including those reached by Material's instant navigation. */
(function () {
  "use strict";

  var el = window.fieldGuideElement;

  // The status line under the button's table says what happened.
  function statusFor(button) {
    var next = button.closest("table").nextElementSibling;
    return next && next.classList.contains("fg-cite-status") ? next : null;
  }

  // Without the clipboard API (or permission), show the citation selected, ready to copy.
  function fallback(button, text, status) {
    var area = status.nextElementSibling;
    if (!area || !area.classList.contains("fg-copy-area")) {
      area = el("textarea", null, { "class": "fg-copy-area", rows: "3", readonly: "" });
      status.after(area);
    }
    area.setAttribute("aria-label", "Citation: " + button.getAttribute("data-fg-label"));
    area.value = text;
    area.focus();
    area.select();
    status.textContent = "Copy the selected citation of " + button.getAttribute("data-fg-label") + " below.";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-fg-cite]");
    if (!button) return;
    var text = button.getAttribute("data-fg-cite");
    var status = statusFor(button);
    if (!status) return;
    var done = function () {
      status.textContent = "Copied the citation of " + button.getAttribute("data-fg-label") + ".";
    };
    window.fieldGuideCopy(text).then(done, function () { fallback(button, text, status); });
  });
})();

/* Material gives every code block a <nav> of tools (its copy button). With the two citation
   blocks beside an entry's pseudocode, each needs a name of its own (axe: landmark-unique);
   Material adds them after the page loads, so they are named as they appear. */
(function () {
  "use strict";
  function name() {
    document.querySelectorAll("[data-fg-code] .md-code__nav:not([aria-label])").forEach(function (nav) {
      nav.setAttribute("aria-label", nav.closest("[data-fg-code]").getAttribute("data-fg-code") + " code tools");
    });
  }
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  name();
})();
