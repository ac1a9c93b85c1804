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
    box.appendChild(linkActions(record.id, record.exact, describe(record)));
    var link = element("a", record.kind === "entity" ? "Everything about " + describe(record) : "All details");
    var entityId = (record.attributes || {}).entity_id;
    link.href = record.kind === "entity" && page && entityId ?
      page.entities + encodeURIComponent(entityId) + ".html" : "#note-" + record.id;
    box.appendChild(link);
    return box;
  }

  // --- Permalinks, citations and text-fragment links -------------------------------

  var page = readDocument();

  function readDocument() {
    var node = document.getElementById("sitegen-document");
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }

  function fragmentPart(text) {
    return encodeURIComponent(text).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26");
  }

  function textFragment(exact) {
    var words = exact.replace(/\s+/g, " ").trim().split(" ");
    if (words.length <= 8) return "#:~:text=" + fragmentPart(words.join(" "));
    return "#:~:text=" + fragmentPart(words.slice(0, 4).join(" ")) + "," + fragmentPart(words.slice(-4).join(" "));
  }

  function citation(exact, who) {
    var quote = exact.replace(/\s+/g, " ").trim();
    var parts = ["\u201c" + quote + "\u201d"];
    if (who) parts[0] += " \u2014 " + who;
    var source = "In \u201c" + page.title + "\u201d";
    if (page.outlet) source += ", " + page.outlet;
    if (page.published) source += ", " + page.published;
    parts.push(source + ".");
    return parts.join(". ").replace(/\.\./g, ".");
  }

  function copy(text, status) {
    function done(ok) { status.textContent = ok ? "Copied: " + text : "Copy this: " + text; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = element("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    done(ok);
  }

  function linkActions(id, exact, who) {
    var box = element("div", "", "link-actions");
    if (!page) return box;
    var url = page.url + "#" + id;
    var status = element("p", "", "copy-status");
    status.setAttribute("role", "status");
    var actions = [
      ["Copy link", function () { return url; }],
      ["Copy citation", function () { return citation(exact, who) + " " + url; }],
      ["Copy text-fragment link", function () { return (page.source_url || page.url) + textFragment(exact); }]
    ];
    actions.forEach(function (action) {
      var button = element("button", action[0]);
      button.type = "button";
      button.setAttribute("data-action", action[0].toLowerCase().replace(/ /g, "-"));
      button.addEventListener("click", function () { copy(action[1](), status); });
      box.appendChild(button);
    });
    box.appendChild(status);
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

    function openParagraph(button) {
      var block = button.parentNode;
      popover.textContent = "";
      var closeButton = element("button", "Close \u00d7", "close");
      closeButton.type = "button";
      closeButton.addEventListener("click", close);
      popover.appendChild(closeButton);
      var box = element("section");
      box.appendChild(element("h2", "This paragraph"));
      box.firstChild.id = "ann-popover-title";
      var text = block.getAttribute("data-text") || "";
      box.appendChild(linkActions(block.id, text, ""));
      popover.appendChild(box);
      var rect = button.getBoundingClientRect();
      popover.style.top = (window.scrollY + rect.bottom + 6) + "px";
      popover.style.left = Math.max(8, window.scrollX + rect.left - 300) + "px";
      popover.hidden = false;
      opener = button;
      closeButton.focus();
    }

    document.querySelectorAll(".doc-body [id^='p-'][data-o]").forEach(function (block) {
      block.setAttribute("data-text", block.textContent);
      var button = element("button", "\u00b6", "para-link");
      button.type = "button";
      button.setAttribute("aria-label", "Link to this paragraph");
      button.addEventListener("click", function (event) { event.stopPropagation(); openParagraph(button); });
      block.appendChild(button);
    });

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
      if (!id || id.indexOf(":~:") === 0) return;
      if (!document.getElementById(id)) { missingNotice(id); return; }
      if (!records[id]) return;
      var first = document.querySelector('mark.hl[data-ann~="' + CSS.escape(id) + '"]');
      if (first) { first.scrollIntoView({ block: "center" }); open(first); }
    }
    window.addEventListener("hashchange", showTarget);
    showTarget();
  }

  function missingNotice(id) {
    var body = document.querySelector(".doc-body");
    if (!body || document.getElementById("missing-notice")) return;
    var notice = element("p", "The passage this link pointed to (" + id + ") is not in this document. " +
      "It may have been edited; the document as archived now is below.", "gone-notice");
    notice.id = "missing-notice";
    notice.setAttribute("role", "note");
    body.insertBefore(notice, body.firstChild);
  }

  // --- Filterable index lists ----------------------------------------------------

  function setUpFilters() {
    document.querySelectorAll(".list-filter[data-filter-for]").forEach(function (box) {
      var list = document.getElementById(box.getAttribute("data-filter-for"));
      if (!list) return;
      box.hidden = false;
      var text = box.querySelector(".filter-text");
      var kind = box.querySelector(".filter-kind");
      var count = box.querySelector(".filter-count");
      function apply() {
        var words = (text ? text.value : "").toLowerCase().trim();
        var wanted = kind ? kind.value : "";
        var shown = 0;
        Array.prototype.forEach.call(list.children, function (item) {
          var match = (!words || (item.getAttribute("data-text") || "").indexOf(words) >= 0) &&
            (!wanted || item.getAttribute("data-kind") === wanted);
          item.hidden = !match;
          if (match) shown++;
        });
        if (count) count.textContent = shown + " of " + list.children.length + " shown";
      }
      if (text) text.addEventListener("input", apply);
      if (kind) kind.addEventListener("change", apply);
    });
  }

  function start() {
    setUpToggles();
    setUpFilters();
    setUpPopover(readRecords());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
