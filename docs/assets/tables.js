/* Sortable and filterable tables. */
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

  document$.subscribe(initTables);
})();
