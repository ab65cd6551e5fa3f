/* /compare/: the side-by-side builder. */
(function () {
  "use strict";

  var el = window.fieldGuideElement;

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

  document$.subscribe(initCompare);
})();
