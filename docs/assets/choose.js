/* /choose/: the selection tool. decide() below is fieldguide/views/choose.py's decide(), run
   on the model profiles that the engine writes to api/choose.json; every judgement about the
   catalog is made in Python, this only combines. tests/test_browser_choose.py requires the
   page and `fieldguide choose` to give the same ranked ids, scores and reasons for many
   answers. The answers live in the query string, with the CLI's flag names and values. */
(function () {
  "use strict";

  var el = window.fieldGuideElement;

  // ---- the engine: keep in step with decide() in fieldguide/views/choose.py ----

  function fill(template) {
    var values = Array.prototype.slice.call(arguments, 1);
    return template.replace(/\{\}/g, function () { return values.shift(); });
  }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  function failures(data, p, r) {
    var m = data.messages;
    function missing(value, have, message, vocabulary) {
      return value && have.indexOf(value) === -1 ? fill(m[message], data.names[vocabulary][value]) : null;
    }
    function shortContext() {
      if (p.context === null) return m["no-context"];
      return p.context < r.min_context ? fill(m["short-context"], thousands(p.context), thousands(r.min_context)) : null;
    }
    return [
      ["task", r.task ? (p.fails.task || missing(r.task, p.tasks, "task", "tasks")) : p.fails.codec],
      ["input", missing(r.input, p.input, "input", "modalities")],
      ["output", missing(r.output, p.output, "output", "modalities")],
      ["deployment", p.fails["deployment=" + r.deployment]],
      ["open-weights", r.open_weights && p.fails["open-weights"]],
      ["commercial-use", r.commercial_use && p.fails["commercial-use"]],
      ["min-context", r.min_context && (p.fails["min-context"] || shortContext())],
      ["budget", p.fails["budget=" + r.budget]],
      ["status", p.fails.status]
    ].filter(function (check) { return check[1]; });
  }

  function score(data, p, r) {
    var m = data.messages, earned = [];
    if (r.task) {
      var first = p.tasks[0] === r.task;
      earned.push([first ? 10 : 0, fill(m[first ? "first-task" : "other-task"], data.names.tasks[r.task])]);
    }
    earned = earned.concat(p.points[""]);
    (r.commercial_use ? ["commercial-use"] : []).concat(["latency=" + r.latency, "budget=" + r.budget]).forEach(function (answer) {
      if (p.points[answer]) earned.push(p.points[answer]);
    });
    if (r.min_context) earned.push([0, fill(m.context, thousands(p.context))]);
    var total = earned.reduce(function (sum, e) { return sum + e[0]; }, 50);
    return [Math.max(0, Math.min(100, total)), earned.map(function (e) { return (e[0] >= 0 ? "+" : "") + e[0] + " " + e[1]; })];
  }

  function sources(p, r) {
    var used = ["release date", r.task ? "tasks" : "", r.commercial_use ? "licence" : "", r.min_context ? "context window" : "",
      r.deployment === "on-device" || r.budget !== "any" || r.latency === "interactive" ? "parameter count" : ""];
    var out = [], byUrl = new Map();
    used.forEach(function (fact) {
      var source = fact && p.sources[fact];
      if (!source) return;
      if (!byUrl.has(source[1])) { byUrl.set(source[1], { title: source[0], url: source[1], facts: [] }); out.push(byUrl.get(source[1])); }
      byUrl.get(source[1]).facts.push(fact);
    });
    return out;
  }

  function newestFirst(a, b) { return a.released < b.released ? 1 : a.released > b.released ? -1 : 0; }

  function decide(data, r) {
    var byId = {};
    var profiles = data.models.map(function (model) {
      var p = r.confirmed_only && model.confirmed ? Object.assign({}, model, model.confirmed) : model;
      byId[p.id] = p;
      return p;
    });
    var passed = {}, passedIds = [], excluded = {}, near = [];
    profiles.forEach(function (p) {
      var failed = failures(data, p, r);
      if (failed.length) {
        excluded[p.id] = failed.map(function (f) { return f[1]; });
        if (failed.length === 1 && failed[0][0] !== "task" && failed[0][0] !== "status") near.push([p, failed[0]]);
      } else {
        passed[p.id] = score(data, p, r);
        passedIds.push(p.id);
      }
    });
    // A model never ranks above the successor that replaced it, when both are on the list.
    var byDate = passedIds.slice().sort(function (a, b) { return newestFirst(byId[a], byId[b]); });
    byDate.forEach(function (id) {
      var successor = byId[id].successor;
      if (successor && passed[successor] && passed[id][0] >= passed[successor][0]) {
        passed[id] = [passed[successor][0] - 1, passed[id][1].concat([fill(data.messages["below-successor"], byId[successor].name)])];
      }
    });
    // Highest score first; among equal scores, the newer release (stable sorts).
    var ranked = byDate.slice().sort(function (a, b) { return passed[b][0] - passed[a][0]; });
    near.sort(function (a, b) { return newestFirst(a[0], b[0]); });
    return {
      shortlist: ranked.slice(0, data.limit).map(function (id) {
        return { id: id, name: byId[id].name, url: byId[id].url, score: passed[id][0], reasons: passed[id][1], sources: sources(byId[id], r) };
      }),
      near_misses: near.slice(0, data.near_misses).map(function (n) {
        return { id: n[0].id, name: n[0].name, url: n[0].url, ruled_out_by: n[1][0], why: n[1][1] };
      }),
      excluded: excluded,
      profiles: byId,
      passed: passedIds.length
    };
  }

  // ---- answers: the form, the query string and the record ----

  function parameter(field) { return field.replace(/_/g, "-"); }

  function allowed(form, field, fallback, raw) {
    if (typeof fallback === "boolean") return raw === "yes" ? true : undefined;
    if (field === "min_context") return /^\d+$/.test(raw) && Number(raw) > 0 && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
    var control = form.elements[parameter(field)];
    var values = Array.prototype.map.call(control.options || control, function (option) { return option.value; });
    return values.indexOf(raw) !== -1 ? raw : undefined;
  }

  function fromQuery(form, data, search) {
    var answers = {}, known = new Map(), ignored = [];
    data.defaults.forEach(function (d) { answers[d[0]] = d[1]; known.set(parameter(d[0]), d); });
    new URLSearchParams(search).forEach(function (raw, name) {
      var d = known.get(name);
      if (d && raw === "") return;  // an unanswered question, as a submitted form sends it
      var value = d ? allowed(form, d[0], d[1], raw) : undefined;
      if (value === undefined) ignored.push(name + "=" + raw); else answers[d[0]] = value;
    });
    return { answers: answers, ignored: ignored };
  }

  function readForm(form, data) {
    var answers = {};
    data.defaults.forEach(function (d) {
      var control = form.elements[parameter(d[0])];
      if (typeof d[1] === "boolean") answers[d[0]] = control.checked;
      else if (d[0] === "min_context") answers[d[0]] = allowed(form, d[0], d[1], control.value) || null;
      else answers[d[0]] = control.value || d[1];
    });
    return answers;
  }

  function writeForm(form, data, answers) {
    data.defaults.forEach(function (d) {
      var control = form.elements[parameter(d[0])], value = answers[d[0]];
      if (typeof d[1] === "boolean") control.checked = value;
      else control.value = value === null ? "" : String(value);
    });
  }

  // The same string as Requirements.query() in Python: answers that differ from the default.
  function query(data, answers) {
    var params = new URLSearchParams();
    data.defaults.forEach(function (d) {
      var value = answers[d[0]];
      if (value !== d[1]) params.set(parameter(d[0]), value === true ? "yes" : String(value));
    });
    return params.toString();
  }

  function described(data, answers) {
    var parts = [];
    data.defaults.forEach(function (d) {
      var value = answers[d[0]];
      if (value === d[1]) return;
      if (d[0] === "task") value = data.names.tasks[value];
      else if (d[0] === "input" || d[0] === "output") value = data.names.modalities[value];
      else if (d[0] === "min_context") value = thousands(value) + " tokens";
      else if (value === true) value = "yes";
      parts.push(label(parameter(d[0])) + ": " + value);
    });
    return parts;
  }

  function label(requirement) { return requirement === "min-context" ? "minimum context" : requirement.replace(/-/g, " "); }

  // Catalog text in Markdown, inert; brackets too, as the record puts titles beside link targets.
  function md(text) { return window.fieldGuideMarkdown(text).replace(/[()]/g, "\\$&"); }
  function mdUrl(url) { return url.replace(/[()<>\\\s]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); }); }

  function record(data, answers, decision, link, version) {
    var asked = described(data, answers);
    var lines = ["## Choosing a model: decision record", "",
      "**Question:** " + (asked.length ? md(asked.join("; ")) + ". Every other question" : "every question") + ": no preference.", "",
      "Decided on " + new Date().toISOString().slice(0, 10) + " with the Generative Model Field Guide" +
      (version ? ", release " + md(version) : "") + ".", "",
      "**Shortlist** (score out of 100, a reason for every point):", ""];
    if (!decision.shortlist.length) lines.push("No model meets every answer.");
    decision.shortlist.forEach(function (pick, i) {
      lines.push((i + 1) + ". **" + md(pick.name) + "** (" + md(pick.id) + "), score " + pick.score);
      pick.reasons.forEach(function (reason) { lines.push("    - " + md(reason)); });
    });
    if (decision.near_misses.length) {
      lines.push("", "**Near misses:**", "");
      decision.near_misses.forEach(function (miss) {
        lines.push("- " + md(miss.name) + ": ruled out only by " + md(label(miss.ruled_out_by)) + " (" + md(miss.why) + ")");
      });
    }
    if (decision.shortlist.length) lines.push("", "**Sources of the facts used:**", "");
    decision.shortlist.forEach(function (pick) {
      lines.push("- " + md(pick.name) + ": " + pick.sources.map(function (s) {
        return "[" + md(s.title) + "](" + mdUrl(s.url) + ") (" + s.facts.join(", ") + ")";
      }).join("; "));
    });
    var flags = query(data, answers).split("&").filter(Boolean).map(function (pair) {
      var kv = pair.split("=");
      return "--" + kv[0] + (kv[1] === "yes" ? "" : " " + kv[1]);
    });
    lines.push("", "**Reproduce:** <" + link + ">, or `fieldguide choose" + (flags.length ? " " + flags.join(" ") : "") + "`", "");
    return lines.join("\n");
  }

  // ---- the page ----

  function reasonItem(reason) {
    var item = el("li"), points = /^([+-]\d+) (.*)$/.exec(reason);
    if (!points) { item.textContent = reason; return item; }
    item.appendChild(el("span", points[1], { "class": "fg-pick-points" }));
    item.appendChild(document.createTextNode(" " + points[2]));
    return item;
  }

  function render(out, data, answers, decision, site) {
    out.textContent = "";
    out.appendChild(el("h3", "Shortlist", { id: "choose-shortlist", tabindex: "-1" }));
    if (!decision.shortlist.length) out.appendChild(el("p", "No model meets every answer. A near miss below shows what relaxing one answer brings back."));
    var list = el("ol", null, { "class": "fg-shortlist" });
    decision.shortlist.forEach(function (pick) {
      var item = el("li", null, { "class": "fg-pick" }), head = el("p", null, { "class": "fg-pick-head" });
      head.appendChild(el("a", pick.name, { href: site + pick.url }));
      head.appendChild(el("span", "score " + pick.score, { "class": "fg-score" }));
      item.appendChild(head);
      var reasons = el("ul", null, { "class": "fg-reasons", "aria-label": "Why " + pick.name + " scores " + pick.score });
      pick.reasons.forEach(function (reason) { reasons.appendChild(reasonItem(reason)); });
      item.appendChild(reasons);
      list.appendChild(item);
    });
    if (decision.shortlist.length) out.appendChild(list);
    if (decision.near_misses.length) {
      out.appendChild(el("h3", "Near misses", { id: "choose-near-misses" }));
      var near = el("ul", null, { "class": "fg-near-misses" });
      decision.near_misses.forEach(function (miss) {
        var item = el("li"), relaxed = Object.assign({}, answers);
        var field = miss.ruled_out_by.replace(/-/g, "_");
        relaxed[field] = data.defaults.filter(function (d) { return d[0] === field; })[0][1];
        item.appendChild(el("a", miss.name, { href: site + miss.url }));
        item.appendChild(document.createTextNode(" is ruled out only by "));
        item.appendChild(el("strong", label(miss.ruled_out_by)));
        item.appendChild(document.createTextNode(" (" + miss.why + "): "));
        item.appendChild(el("a", "relax it to get " + miss.name, { href: "?" + query(data, relaxed), "class": "fg-relax" }));
        near.appendChild(item);
      });
      out.appendChild(near);
    }
    var ids = Object.keys(decision.excluded);
    var box = el("details", null, { "class": "fg-excluded" });
    box.appendChild(el("summary", "Ruled out: " + ids.length + " model" + (ids.length === 1 ? "" : "s") + ", each with the reason"));
    var ruledOut = el("ul");
    ids.forEach(function (id) {
      var item = el("li");
      item.appendChild(el("a", decision.profiles[id].name, { href: site + decision.profiles[id].url }));
      item.appendChild(document.createTextNode(": " + decision.excluded[id].join("; ")));
      ruledOut.appendChild(item);
    });
    box.appendChild(ruledOut);
    out.appendChild(box);
  }

  function init() {
    var root = document.getElementById("choose-tool");
    if (!root || root.hasAttribute("data-fg-ready")) return;
    root.setAttribute("data-fg-ready", "");
    var form = root.querySelector("form");
    var out = document.getElementById("choose-results");
    var status = document.getElementById("choose-status");
    var copy = document.getElementById("choose-copy");
    var site = root.getAttribute("data-site");

    fetch(root.getAttribute("data-source")).then(function (response) { return response.json(); }).then(function (data) {
      var asked = fromQuery(form, data, location.search), answers, decision;
      writeForm(form, data, asked.answers);
      if (asked.ignored.length) {
        var note = document.getElementById("choose-ignored");
        note.textContent = "Ignored from this link, as no question here takes it: " + asked.ignored.join(", ") + ".";
        note.hidden = false;
      }

      function link() {
        var search = query(data, answers);
        var pinned = root.getAttribute("data-release");
        return (pinned ? pinned + "choose/" : location.origin + location.pathname) + (search ? "?" + search : "");
      }

      function update() {
        answers = readForm(form, data);
        decision = decide(data, answers);
        var url = new URL(location.href);
        url.search = query(data, answers);
        history.replaceState(history.state, "", url);
        render(out, data, answers, decision, site);
        var total = data.models.length;
        status.textContent = decision.passed + " of " + total + " models meet every answer" +
          (decision.passed > data.limit ? "; the " + data.limit + " highest scores are ranked below." : ".") +
          " The page address keeps these answers.";
      }

      function fallback(text) {
        var old = document.getElementById("choose-record");
        if (old) old.remove();
        var area = el("textarea", null, { id: "choose-record", "class": "fg-copy-area", "aria-label": "Decision record as Markdown", rows: "12", readonly: "" });
        area.value = text;
        copy.parentNode.after(area);
        area.select();
        status.textContent = "Select all and copy the decision record below.";
      }

      form.addEventListener("input", update);
      form.addEventListener("reset", function () { setTimeout(update); });  // after the browser resets the controls
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        update();
        document.getElementById("choose-shortlist").focus();
      });
      copy.addEventListener("click", function () {
        var text = record(data, answers, decision, link(), root.getAttribute("data-version"));
        var done = function () { status.textContent = "Copied the decision record as Markdown."; };
        window.fieldGuideCopy(text).then(done, function () { fallback(text); });
      });
      copy.hidden = false;
      update();
    });
  }

  document$.subscribe(init);
})();
