// sitegen default theme: progressive enhancement only. Highlights and the annotation
// list work without this script; it adds kind toggles that persist, and a details
// popover for each highlight, reachable by keyboard.
(function () {
  "use strict";

  var STORAGE_KEY = "sitegen:hidden-kinds";

  function readRecords() {
    var node = document.getElementById("sitegen-annotations");
    if (!node) return {};
    var byId = {};
    try {
      JSON.parse(node.textContent).forEach(function (record) { byId[record.id] = record; });
    } catch (error) {
      return {};
    }
    return byId;
  }

  function loadHidden() {
    try { return JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]"); } catch (error) { return []; }
  }

  function saveHidden(kinds) {
    try { localStorage.setItem(STORAGE_KEY, JSON.stringify(kinds)); } catch (error) { /* private mode */ }
  }

  function setUpToggles() {
    var hidden = loadHidden();
    document.querySelectorAll("input.kind-toggle").forEach(function (input) {
      input.hidden = false;
      input.checked = hidden.indexOf(input.value) < 0;
      document.body.classList.toggle("hide-" + input.value, !input.checked);
      input.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + input.value, !input.checked);
        var now = loadHidden().filter(function (kind) { return kind !== input.value; });
        if (!input.checked) now.push(input.value);
        saveHidden(now);
      });
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function describe(record) {
    var attrs = record.attributes || {};
    if (record.kind === "entity") return (attrs.name || record.exact) + " (" + (attrs.entity_type || "entity") + ")";
    if (record.kind === "claim") {
      var source = partText(record, "source");
      return "Claim by " + (attrs.source_name || source || "an unnamed source");
    }
    if (record.kind === "dispute") {
      var who = attrs.disputant_name || partText(record, "disputant");
      return "Disputed (" + (attrs.reason || "disputed") + ")" + (who ? " by " + who : "");
    }
    return record.kind;
  }

  function partText(record, role) {
    var parts = record.parts || [];
    for (var i = 0; i < parts.length; i++) if (parts[i].role === role) return parts[i].exact;
    return "";
  }

  function section(record) {
    var box = element("section");
    box.appendChild(element("h2", describe(record)));
    var list = element("dl");
    (record.parts || []).forEach(function (part) {
      list.appendChild(element("dt", part.role));
      list.appendChild(element("dd", part.exact));
    });
    var attrs = record.attributes || {};
    ["reason", "intermediary", "resolved_from"].forEach(function (key) {
      if (!attrs[key]) return;
      list.appendChild(element("dt", key.replace("_", " ")));
      list.appendChild(element("dd", attrs[key]));
    });
    if (record.note) {
      list.appendChild(element("dt", "note"));
      list.appendChild(element("dd", record.note));
    }
    box.appendChild(list);
    var origin = (record.provenance || []).map(function (o) {
      return o.kind === "curated" ? "curated (" + o.rule + ") " + o.name + ":" + o.line : o.name + " " + o.version + " (" + o.rule + ")";
    }).join("; ");
    box.appendChild(element("p", "From " + origin + " · confidence " + record.confidence, "provenance"));
    var link = element("a", "Details and permalink");
    link.href = "#note-" + record.id;
    box.appendChild(link);
    return box;
  }

  function setUpPopover(records) {
    var popover = document.getElementById("ann-popover");
    if (!popover) return;
    var active = [];
    var opener = null;

    function close() {
      popover.hidden = true;
      active.forEach(function (mark) { mark.classList.remove("is-active"); });
      active = [];
      if (opener) opener.focus();
      opener = null;
    }

    function open(mark) {
      var ids = (mark.getAttribute("data-ann") || "").split(" ");
      popover.textContent = "";
      var closeButton = element("button", "Close ×", "close");
      closeButton.type = "button";
      closeButton.addEventListener("click", close);
      popover.appendChild(closeButton);
      ids.forEach(function (id, index) {
        if (!records[id]) return;
        var part = section(records[id]);
        if (index === 0) part.querySelector("h2").id = "ann-popover-title";
        popover.appendChild(part);
      });
      active.forEach(function (node) { node.classList.remove("is-active"); });
      active = [];
      ids.forEach(function (id) {
        document.querySelectorAll('mark.hl[data-ann~="' + CSS.escape(id) + '"]').forEach(function (node) {
          node.classList.add("is-active");
          active.push(node);
        });
      });
      var box = mark.getBoundingClientRect();
      popover.style.top = (window.scrollY + box.bottom + 6) + "px";
      popover.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 420)) + "px";
      popover.hidden = false;
      opener = mark;
      closeButton.focus();
    }

    document.querySelectorAll("mark.hl").forEach(function (mark) {
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.setAttribute("aria-haspopup", "dialog");
    });
    document.addEventListener("click", function (event) {
      var mark = event.target.closest && event.target.closest("mark.hl");
      if (mark) { open(mark); return; }
      if (!popover.hidden && !popover.contains(event.target)) close();
    });
    document.addEventListener("keydown", function (event) {
      var mark = event.target.closest && event.target.closest("mark.hl");
      if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); open(mark); }
      if (event.key === "Escape" && !popover.hidden) close();
    });

    function showTarget() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!records[id]) return;
      var first = document.querySelector('mark.hl[data-ann~="' + CSS.escape(id) + '"]');
      if (first) { first.scrollIntoView({ block: "center" }); open(first); }
    }
    window.addEventListener("hashchange", showTarget);
    showTarget();
  }

  function start() {
    setUpToggles();
    setUpPopover(readRecords());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
