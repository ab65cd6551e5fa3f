/* Field Guide front end: sortable and filterable tables, and the compare builder.
   Runs on every page view, including Material's instant navigation (document$).
   Catalog text is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  function initTables() {
    document.querySelectorAll("table.fg-sortable:not([data-fg-ready])").forEach(function (table) {
      new Tablesort(table);
      table.setAttribute("data-fg-ready", "");
    });
    document.querySelectorAll("input.fg-filter:not([data-fg-ready])").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-table"));
      input.setAttribute("data-fg-ready", "");
      input.addEventListener("input", function () {
        var query = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = query !== "" && row.textContent.toLowerCase().indexOf(query) === -1;
        });
      });
    });
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  window.fieldGuideElement = el;  // shared with the /choose/ script below

  function markdownTable(data, ids) {
    var esc = function (s) { return String(s).replace(/\|/g, "\\|").replace(/\n/g, " "); };
    var lines = ["| Field | " + ids.map(function (id) { return esc(data.models[id].name); }).join(" | ") + " |"];
    lines.push("| --- |" + ids.map(function () { return " --- |"; }).join(""));
    data.fields.forEach(function (field) {
      lines.push("| " + esc(field[1]) + " | " + ids.map(function (id) { return esc(data.models[id].facts[field[0]]); }).join(" | ") + " |");
    });
    return lines.join("\n") + "\n";
  }

  function initCompare() {
    var root = document.getElementById("compare-builder");
    if (!root || root.hasAttribute("data-fg-ready")) return;
    root.setAttribute("data-fg-ready", "");
    var select = document.getElementById("compare-models");
    var status = document.getElementById("compare-status");
    var result = document.getElementById("compare-result");
    var copy = document.getElementById("compare-copy");
    var clear = document.getElementById("compare-clear");
    var site = root.getAttribute("data-site");
    var wanted = (new URLSearchParams(location.search).get("models") || "").split(",").filter(Boolean);

    fetch(root.getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (data) {
      function show(ids) {
        ids = ids.filter(function (id) { return data.models[id]; });
        Array.prototype.forEach.call(select.options, function (o) { o.selected = ids.indexOf(o.value) !== -1; });
        var url = new URL(location.href);
        if (ids.length) url.searchParams.set("models", ids.join(",")); else url.searchParams.delete("models");
        history.replaceState(history.state, "", url);
        result.textContent = "";
        copy.hidden = clear.hidden = ids.length === 0;
        if (!ids.length) return;
        var table = el("table", null, { "class": "fg-table fg-compare-table", id: "compare-table" });
        var head = table.createTHead().insertRow();
        head.appendChild(el("th", "Field", { scope: "col" }));
        ids.forEach(function (id) {
          var th = el("th", null, { scope: "col" });
          th.appendChild(el("a", data.models[id].name, { href: site + data.models[id].url }));
          head.appendChild(th);
        });
        var body = table.createTBody();
        data.fields.forEach(function (field) {
          var row = body.insertRow();
          row.appendChild(el("th", field[1], { scope: "row" }));
          ids.forEach(function (id) { row.appendChild(el("td", data.models[id].facts[field[0]])); });
        });
        var wrap = el("div", null, { "class": "md-typeset__scrollwrap" });
        wrap.appendChild(table);
        result.appendChild(wrap);
        status.textContent = "Comparing " + ids.length + " model" + (ids.length === 1 ? "" : "s") + ". Copy the page address to share this comparison.";
        copy.onclick = function () {
          var text = markdownTable(data, ids);
          var done = function () { status.textContent = "Copied the comparison as a Markdown table."; };
          if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, function () { fallback(text); });
          else fallback(text);
        };
      }
      function fallback(text) {
        var area = el("textarea", null, { "class": "fg-copy-area", "aria-label": "Comparison as Markdown", rows: "8", readonly: "" });
        area.value = text;
        result.appendChild(area);
        area.select();
        status.textContent = "Select all and copy the Markdown below.";
      }
      root.querySelector("form").addEventListener("submit", function (event) {
        event.preventDefault();
        show(Array.prototype.filter.call(select.options, function (o) { return o.selected; }).map(function (o) { return o.value; }));
      });
      clear.addEventListener("click", function () { show([]); });
      show(wanted);
    });
  }

  document$.subscribe(function () {
    initTables();
    initCompare();
  });
})();

/* /choose/: combine the build-time verdicts for the chosen answers and show the reasons. */
(function () {
  "use strict";

  var el = window.fieldGuideElement;

  function listOf(title, ids, entries, reasons, site, open) {
    var box = el("details", null, open ? { open: "" } : {});
    box.appendChild(el("summary", title + " (" + ids.length + ")"));
    var list = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      item.appendChild(el("a", entries[id].name, { href: site + entries[id].url }));
      item.appendChild(document.createTextNode(reasons[id].length ? ": " + reasons[id].join("; ") : ": no constraint applies"));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function init() {
    var root = document.getElementById("choose-tool");
    if (!root || root.hasAttribute("data-fg-ready")) return;
    root.setAttribute("data-fg-ready", "");
    var form = root.querySelector("form");
    var out = document.getElementById("choose-results");
    var status = document.getElementById("choose-status");
    var site = root.getAttribute("data-site");
    var params = new URLSearchParams(location.search);

    fetch(root.getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (data) {
      data.questions.forEach(function (q) {
        var select = form.elements[q.id];
        if (params.has(q.id) && q.options.some(function (o) { return o.id === params.get(q.id); })) select.value = params.get(q.id);
      });

      function judge(kind) {
        var kept = [], excluded = [], keptWhy = {}, excludedWhy = {};
        Object.keys(data[kind]).sort(function (a, b) { return data[kind][a].name.localeCompare(data[kind][b].name); }).forEach(function (id) {
          var good = [], bad = [];
          data.questions.forEach(function (q) {
            var chosen = form.elements[q.id].value;
            var option = q.options.filter(function (o) { return o.id === chosen; })[0];
            var verdict = option && option[kind][id];
            if (verdict) (verdict[0] ? good : bad).push(verdict[1]);
          });
          if (bad.length) { excluded.push(id); excludedWhy[id] = bad; } else { kept.push(id); keptWhy[id] = good; }
        });
        return { kept: kept, excluded: excluded, keptWhy: keptWhy, excludedWhy: excludedWhy };
      }

      function update() {
        var url = new URL(location.href);
        data.questions.forEach(function (q) {
          var value = form.elements[q.id].value;
          if (value === q.default) url.searchParams.delete(q.id); else url.searchParams.set(q.id, value);
        });
        history.replaceState(history.state, "", url);
        var models = judge("models"), families = judge("families");
        out.textContent = "";
        out.appendChild(el("h3", "Shortlisted models", { id: "shortlist-models" }));
        out.appendChild(listOf("Models that fit", models.kept, data.models, models.keptWhy, site, true));
        out.appendChild(listOf("Models ruled out", models.excluded, data.models, models.excludedWhy, site, false));
        out.appendChild(el("h3", "Architecture families", { id: "shortlist-families" }));
        out.appendChild(listOf("Families that fit", families.kept, data.families, families.keptWhy, site, true));
        out.appendChild(listOf("Families ruled out", families.excluded, data.families, families.excludedWhy, site, false));
        status.textContent = models.kept.length + " of " + (models.kept.length + models.excluded.length) +
          " models fit your answers. The page address now reproduces these answers.";
      }

      form.addEventListener("change", update);
      form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
      document.getElementById("choose-reset").addEventListener("click", function () {
        data.questions.forEach(function (q) { form.elements[q.id].value = q.default; });
        update();
      });
      update();
    });
  }

  document$.subscribe(init);
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
