/* /compare/#builder: pick models with a type-ahead (ARIA combobox), compare them side by
   side in the order picked, mark the rows that differ, copy the table as Markdown. The page
   address holds the comparison: ?models=a,b,c (&differences=only, &confirmed=only). */
(function () {
  "use strict";

  var el = window.fieldGuideElement;
  var markdownCell = window.fieldGuideMarkdown;  // catalog text as one inert Markdown table cell
  var WITHHELD = "not confirmed";

  // Letters and digits only, so "gpt4", "GPT-4" and "gpt 4" find the same model.
  function compact(text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }

  // Models matching every word typed, best first: name starts with the query, name holds it,
  // an alias holds it, then the rest (organization, or words spread over several fields).
  function matches(data, query, excluded) {
    var words = query.split(/\s+/).map(compact).filter(Boolean), whole = compact(query);
    if (!words.length) return [];
    var found = [];
    Object.keys(data.models).forEach(function (id) {
      if (excluded.indexOf(id) !== -1) return;
      var m = data.models[id], name = compact(m.name), aliases = m.aliases.map(compact);
      var fields = [name, compact(m.facts.organization)].concat(aliases);
      if (!words.every(function (w) { return fields.some(function (f) { return f.indexOf(w) !== -1; }); })) return;
      var rank = name.indexOf(whole) === 0 ? 0 : name.indexOf(whole) !== -1 ? 1 :
        aliases.some(function (a) { return a.indexOf(whole) !== -1; }) ? 2 : 3;
      found.push({ id: id, rank: rank, name: m.name });
    });
    found.sort(function (a, b) { return a.rank - b.rank || a.name.localeCompare(b.name, undefined, { numeric: true }); });
    return found.map(function (f) { return f.id; });
  }

  // The comparison as rows of cells, as shown: withheld values replaced, differences marked.
  function comparison(data, ids, confirmedOnly) {
    return data.fields.map(function (field) {
      var key = field[0];
      var cells = ids.map(function (id) {
        var m = data.models[id], level = m.confidence[key];
        var withheld = confirmedOnly && level !== "confirmed";
        return { text: withheld ? WITHHELD : m.facts[key], level: level, withheld: withheld, link: withheld ? null : m.links[key] };
      });
      var differs = cells.some(function (c) { return c.text !== cells[0].text; });
      return { label: field[1], section: field[2], cells: cells, differs: differs };
    });
  }

  function markdownTable(data, ids, rows) {
    var line = function (cells) { return "| " + cells.join(" | ") + " |"; };
    var lines = [line(["Field"].concat(ids.map(function (id) { return markdownCell(data.models[id].name); }))),
      line(["---"].concat(ids.map(function () { return "---"; })))];
    var section = null;
    rows.forEach(function (row) {
      if (row.section !== section) {
        section = row.section;
        lines.push(line(["**" + markdownCell(section) + "**"].concat(ids.map(function () { return ""; }))));
      }
      lines.push(line([markdownCell(row.label) + (row.differs ? " (differs)" : "")].concat(row.cells.map(function (c) {
        if (c.withheld) return "_" + WITHHELD + "_";
        return markdownCell(c.text) + (c.level === "confirmed" ? "" : " (" + c.level + ")");
      }))));
    });
    return lines.join("\n") + "\n";
  }

  function htmlTable(data, ids, rows, site) {
    var table = el("table", null, { "class": "fg-table fg-compare-table", id: "compare-table" });
    var head = table.createTHead().insertRow();
    head.appendChild(el("th", "Field", { scope: "col" }));
    ids.forEach(function (id) {
      var th = el("th", null, { scope: "col" });
      th.appendChild(el("a", data.models[id].name, { href: site + data.models[id].url }));
      head.appendChild(th);
    });
    var body = null;
    rows.forEach(function (row) {
      if (!body || body.getAttribute("data-section") !== row.section) {
        body = el("tbody", null, { "data-section": row.section });
        var title = el("th", null, { scope: "colgroup", colspan: String(ids.length + 1) });
        title.appendChild(el("span", row.section));
        body.insertRow().appendChild(title);
        table.appendChild(body);
      }
      var tr = body.insertRow();
      var label = tr.appendChild(el("th", row.label, { scope: "row" }));
      if (row.differs) {
        tr.className = "fg-differs";
        label.appendChild(document.createTextNode(" "));
        label.appendChild(el("span", "differs", { "class": "fg-differs-mark" }));
      }
      row.cells.forEach(function (c) {
        var td = tr.appendChild(el("td"));
        if (c.withheld) td.appendChild(el("span", WITHHELD, { "class": "fg-withheld" }));
        else if (c.link && /^https?:\/\//.test(c.link)) td.appendChild(el("a", c.text, { href: c.link, rel: "noopener noreferrer" }));
        else td.textContent = c.text;
        if (!c.withheld && c.level !== "confirmed") {
          td.appendChild(document.createTextNode(" "));
          td.appendChild(el("span", c.level, { "class": "fg-confidence fg-confidence--" + c.level }));
        }
      });
    });
    var box = el("div", null, { "class": "fg-compare-scroll", role: "region", "aria-label": "Comparison table (scrolls sideways)", tabindex: "0" });
    box.appendChild(table);
    return box;
  }

  function init() {
    var root = document.getElementById("compare-builder");
    if (!root || root.hasAttribute("data-fg-ready")) return;
    root.setAttribute("data-fg-ready", "");
    var byId = function (id) { return document.getElementById(id); };
    var input = byId("compare-search"), listbox = byId("compare-options"), chips = byId("compare-chips");
    var differences = byId("compare-differences"), confirmed = byId("compare-confirmed");
    var status = byId("compare-status"), result = byId("compare-result"), copy = byId("compare-copy"), clear = byId("compare-clear");
    var site = root.getAttribute("data-site");

    fetch(root.getAttribute("data-source")).then(function (r) { return r.json(); }).then(function (data) {
      var chosen = [], shownRows = [], options = [], active = -1;
      var params = new URLSearchParams(location.search);
      // ?models=a,b and the older ?models=a&models=b; a renamed model keeps its place under its new id.
      params.getAll("models").join(",").split(",").forEach(function (id) {
        id = data.renamed[id] || id;
        if (data.models[id] && chosen.indexOf(id) === -1) chosen.push(id);
      });
      differences.checked = params.get("differences") === "only";
      confirmed.checked = params.get("confirmed") === "only";

      function keepInAddress() {
        var rest = new URLSearchParams(location.search), query = [];
        ["models", "differences", "confirmed"].forEach(function (k) { rest.delete(k); });
        if (chosen.length) query.push("models=" + chosen.join(","));  // ids are [a-z0-9-]: no escaping needed
        if (differences.checked) query.push("differences=only");
        if (confirmed.checked) query.push("confirmed=only");
        if (rest.toString()) query.push(rest.toString());
        var url = new URL(location.href);
        url.search = query.length ? "?" + query.join("&") : "";
        history.replaceState(history.state, "", url);
      }

      function showChips() {
        chips.textContent = "";
        byId("compare-chosen").hidden = !chosen.length;
        chosen.forEach(function (id, i) {
          var name = data.models[id].name, chip = el("li", null, { "class": "fg-chip" });
          chip.appendChild(el("span", name, { "class": "fg-chip-name" }));
          [["earlier", "\u2190", "Move " + name + " one column earlier", i === 0],
           ["later", "\u2192", "Move " + name + " one column later", i === chosen.length - 1],
           ["remove", "\u00d7", "Remove " + name, false]].forEach(function (b) {
            var button = el("button", b[1], { type: "button", "class": "fg-chip-button", "data-action": b[0], "data-id": id, "aria-label": b[2], title: b[2] });
            button.disabled = b[3];
            chip.appendChild(button);
          });
          chips.appendChild(chip);
        });
      }

      function update() {
        keepInAddress();
        showChips();
        result.textContent = "";
        copy.hidden = clear.hidden = !chosen.length;
        differences.disabled = chosen.length < 2;
        if (!chosen.length) {
          status.textContent = "Add two or more models to compare them. The page address keeps your choice, ready to paste into a review.";
          return;
        }
        var rows = comparison(data, chosen, confirmed.checked);
        var differing = rows.filter(function (r) { return r.differs; }).length;
        var withheld = rows.reduce(function (n, r) { return n + r.cells.filter(function (c) { return c.withheld; }).length; }, 0);
        var shown = differences.checked && chosen.length > 1 ? rows.filter(function (r) { return r.differs; }) : rows;
        result.appendChild(htmlTable(data, chosen, shown, site));
        status.textContent = "Comparing " + chosen.map(function (id) { return data.models[id].name; }).join(", ") +
          (chosen.length > 1 ? ": " + differing + " of " + rows.length + " rows differ." : ". Add another model to compare.") +
          (confirmed.checked ? " " + withheld + " values not confirmed are withheld." : "") +
          " The page address holds this comparison.";
        shownRows = shown;
      }

      function copyMarkdown() {
        var text = markdownTable(data, chosen, shownRows);
        var done = function () { status.textContent = "Copied the comparison as a Markdown table."; };
        window.fieldGuideCopy(text).then(done, function () { showMarkdown(text); });
      }

      function showMarkdown(text) {  // no clipboard access: the reader copies from a text box
        var area = byId("compare-markdown") || result.appendChild(el("textarea", null,
          { "class": "fg-copy-area", id: "compare-markdown", "aria-label": "Comparison as Markdown", rows: "8", readonly: "" }));
        area.value = text;
        area.select();
        status.textContent = "Select all and copy the Markdown below.";
      }

      // The combobox: the input keeps focus, aria-activedescendant names the highlighted option.
      function highlight(i) {
        active = i;
        Array.prototype.forEach.call(listbox.children, function (o, j) { o.setAttribute("aria-selected", String(j === i)); });
        if (i < 0) {
          input.removeAttribute("aria-activedescendant");
        } else {
          input.setAttribute("aria-activedescendant", listbox.children[i].id);
          listbox.children[i].scrollIntoView({ block: "nearest" });
        }
      }
      function close() {
        listbox.hidden = true;
        input.setAttribute("aria-expanded", "false");
        highlight(-1);
      }
      function suggest() {
        options = matches(data, input.value, chosen);
        listbox.textContent = "";
        options.forEach(function (id) {
          var m = data.models[id], option = el("li", null, { role: "option", id: "compare-option-" + id, "data-id": id });
          option.appendChild(el("span", m.name));
          option.appendChild(el("span", " \u00b7 " + m.facts.organization, { "class": "fg-option-organization" }));
          listbox.appendChild(option);
        });
        if (!options.length) {
          close();
          if (input.value.trim()) status.textContent = "No model matches \u201c" + input.value.trim() + "\u201d.";
          return;
        }
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(0);
      }
      function pick(id) {
        chosen.push(id);
        input.value = "";
        close();
        update();
      }

      input.addEventListener("input", suggest);
      input.addEventListener("blur", close);
      input.addEventListener("keydown", function (event) {
        var open = !listbox.hidden;
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          if (!open) return suggest();
          highlight((active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
        } else if (event.key === "Enter" && open && active >= 0) {
          event.preventDefault();
          pick(options[active]);
        } else if (event.key === "Escape") {
          if (open) close(); else input.value = "";
        }
      });
      listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the input
      listbox.addEventListener("click", function (event) {
        var option = event.target.closest("[role=option]");
        if (option) pick(option.getAttribute("data-id"));
      });

      chips.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        var id = button.getAttribute("data-id"), action = button.getAttribute("data-action"), at = chosen.indexOf(id);
        chosen.splice(at, 1);
        if (action !== "remove") chosen.splice(at + (action === "earlier" ? -1 : 1), 0, id);
        update();
        // Keep the keyboard where it was: the same button on the moved chip, or its neighbour.
        var again = action !== "remove" && (chips.querySelector("[data-id='" + id + "'][data-action='" + action + "']:not(:disabled)") ||
          chips.querySelector("[data-id='" + id + "']:not(:disabled)"));
        (again || input).focus();
      });
      copy.addEventListener("click", copyMarkdown);
      differences.addEventListener("change", update);
      confirmed.addEventListener("change", update);
      clear.addEventListener("click", function () { chosen = []; update(); input.focus(); });

      byId("compare-controls").hidden = false;
      update();
      if (location.hash === "#builder") input.focus();  // "compare with ..." links from entry pages land here
    }, function () {  // only a failed download lands here, never a bug in the builder
      status.textContent = "The comparison data could not be loaded; reload the page to try again.";
    });
  }

  document$.subscribe(init);
})();
