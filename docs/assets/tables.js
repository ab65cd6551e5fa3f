/* Listings: sort (Tablesort), a text filter, facets with counts, CSV of the rows shown,
   and the whole state in the page address so a filtered listing is a link.
   State keys: filter (text; Material reserves q for its search), sort (column:asc|desc) and one key per facet (comma-separated
   values), confirmed (1: values that are not confirmed are withheld); on a page with several
   tables each key is prefixed with "<table id>.". */
(function () {
  "use strict";

  // The same neutralising as the published CSVs (fieldguide/catalog/escape.py csv_cell).
  function csvCell(text) {
    text = String(text);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function rowFacets(row) {
    var facets = {};
    (row.getAttribute("data-facets") || "").split(" ").forEach(function (pair) {
      var i = pair.indexOf("=");
      if (i > 0) (facets[pair.slice(0, i)] = facets[pair.slice(0, i)] || []).push(pair.slice(i + 1));
    });
    return facets;
  }

  function setUp(block, prefix) {
    var table = block.querySelector("table.fg-sortable");
    var input = block.querySelector("input.fg-filter");
    var panel = block.querySelector(".fg-facets");
    var count = block.querySelector(".fg-row-count");
    var download = block.querySelector("a.fg-download");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var facetsOf = new Map(rows.map(function (row) { return [row, rowFacets(row)]; }));
    var boxes = panel ? Array.prototype.slice.call(panel.querySelectorAll("input[type=checkbox]")) : [];
    var facetIds = [];
    boxes.forEach(function (b) { if (facetIds.indexOf(b.name) === -1) facetIds.push(b.name); });
    var unconfirmed = Array.prototype.slice.call(table.querySelectorAll("td[data-confidence]"));
    var confirmedOnly = block.querySelector("input.fg-confirmed-only");
    var sorter = new Tablesort(table);
    var params = new URLSearchParams(location.search);

    function chosen() {
      var picked = {};
      boxes.forEach(function (b) { if (b.checked) (picked[b.name] = picked[b.name] || []).push(b.value); });
      return picked;
    }

    // A row passes when its text matches and, for each facet with choices, it has one of them.
    function passes(row, query, picked, skip) {
      if (query && row.textContent.toLowerCase().indexOf(query) === -1) return false;
      var facets = facetsOf.get(row);
      return Object.keys(picked).every(function (f) {
        return f === skip || (facets[f] || []).some(function (v) { return picked[f].indexOf(v) !== -1; });
      });
    }

    // Withheld values read "not confirmed", sort below every value and leave the CSV too;
    // the cell's own nodes (value and confidence badge) are kept aside and put back.
    var keptAside = new Map();
    function withhold(on) {
      unconfirmed.forEach(function (cell) {
        if (on === keptAside.has(cell)) return;
        if (on) {
          var nodes = document.createDocumentFragment();
          while (cell.firstChild) nodes.appendChild(cell.firstChild);
          keptAside.set(cell, { nodes: nodes, sort: cell.getAttribute("data-sort") });
          cell.textContent = "not confirmed";
          cell.setAttribute("data-sort", "-3");
        } else {
          var kept = keptAside.get(cell);
          keptAside.delete(cell);
          cell.textContent = "";
          cell.appendChild(kept.nodes);
          if (kept.sort === null) cell.removeAttribute("data-sort"); else cell.setAttribute("data-sort", kept.sort);
        }
        cell.classList.toggle("fg-withheld", on);
      });
    }

    function update(write) {
      if (confirmedOnly) withhold(confirmedOnly.checked);
      var query = input.value.trim().toLowerCase();
      var picked = chosen();
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = !passes(row, query, picked, null);
        if (!row.hidden) shown += 1;
      });
      count.textContent = shown === rows.length ? rows.length + " rows" : shown + " of " + rows.length + " rows";
      // Each choice's count: the rows it would leave, given the other facets' choices.
      boxes.forEach(function (box) {
        var n = rows.filter(function (row) {
          return passes(row, query, picked, box.name) && (facetsOf.get(row)[box.name] || []).indexOf(box.value) !== -1;
        }).length;
        box.parentNode.querySelector(".fg-count").textContent = n;
        box.parentNode.classList.toggle("fg-empty", n === 0 && !box.checked);
      });
      if (panel) {
        panel.querySelectorAll("details.fg-facet").forEach(function (d) {
          var name = d.querySelector("input").name;
          d.querySelector(".fg-facet-chosen").textContent = picked[name] ? ": " + picked[name].length + " chosen" : "";
        });
        panel.querySelector(".fg-facets-clear").hidden = Object.keys(picked).length === 0;
      }
      if (write) writeState(query, picked);
    }

    function writeState(query, picked) {
      var url = new URL(location.href);
      url.searchParams.delete(prefix + "filter");
      if (input.value.trim()) url.searchParams.set(prefix + "filter", input.value.trim());
      facetIds.forEach(function (f) {
        if (picked[f]) url.searchParams.set(prefix + f, picked[f].join(","));
        else url.searchParams.delete(prefix + f);
      });
      if (confirmedOnly && confirmedOnly.checked) url.searchParams.set(prefix + "confirmed", "1");
      else url.searchParams.delete(prefix + "confirmed");
      var sorted = headers.filter(function (h) { return h.hasAttribute("aria-sort"); })[0];
      if (sorted) url.searchParams.set(prefix + "sort", headers.indexOf(sorted) + ":" + (sorted.getAttribute("aria-sort") === "ascending" ? "asc" : "desc"));
      history.replaceState(history.state, "", url);
    }

    function readState() {
      input.value = params.get(prefix + "filter") || "";
      if (confirmedOnly) confirmedOnly.checked = params.get(prefix + "confirmed") === "1";
      boxes.forEach(function (b) {
        b.checked = (params.get(prefix + b.name) || "").split(",").indexOf(b.value) !== -1;
      });
      var sort = (params.get(prefix + "sort") || "").split(":");
      var header = headers[parseInt(sort[0], 10)];
      if (header) {
        sorter.sortTable(header);
        if (header.getAttribute("aria-sort") !== (sort[1] === "asc" ? "ascending" : "descending")) sorter.sortTable(header);
      }
    }

    function downloadShown(event) {
      event.preventDefault();
      var lines = [headers.map(function (h) { return csvCell(h.textContent.trim()); }).join(",")];
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        if (!row.hidden) lines.push(Array.prototype.map.call(row.cells, function (c) { return csvCell(c.textContent.trim()); }).join(","));
      });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
      link.download = table.id.replace(/^tbl-/, "") + (lines.length - 1 < rows.length ? "-filtered" : "") + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    }

    if (panel) panel.disabled = false;
    if (confirmedOnly) confirmedOnly.disabled = false;
    readState();
    update(false);
    input.addEventListener("input", function () { update(true); });
    boxes.forEach(function (b) { b.addEventListener("change", function () { update(true); }); });
    if (confirmedOnly) confirmedOnly.addEventListener("change", function () { update(true); sorter.refresh(); });
    table.addEventListener("afterSort", function () { update(true); });
    if (panel) panel.querySelector(".fg-facets-clear").addEventListener("click", function () {
      boxes.forEach(function (b) { b.checked = false; });
      update(true);
    });
    download.addEventListener("click", downloadShown);
  }

  function initTables() {
    var blocks = document.querySelectorAll(".fg-table-block:not([data-fg-ready])");
    blocks.forEach(function (block) {
      if (!block.querySelector("table.fg-sortable")) return;
      block.setAttribute("data-fg-ready", "");
      setUp(block, blocks.length > 1 ? block.id.replace(/^table-/, "") + "." : "");
    });
    // Other sortable tables (e.g. the maintainers' stale list) sort without the rest.
    document.querySelectorAll("table.fg-sortable:not([data-fg-ready])").forEach(function (table) {
      if (!table.closest(".fg-table-block")) new Tablesort(table);
      table.setAttribute("data-fg-ready", "");
    });
  }

  document$.subscribe(initTables);
})();
