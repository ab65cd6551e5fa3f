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

