// sitegen preview only: review the machine's proposals on a document page. `sitegen serve` adds
// this script to the HTML it serves (never to the built files), with the run's secret token.
// Every decision goes to the preview, which writes it to content/annotations/DOC.yml; the live
// rebuild then reloads the page. Document text is hostile: nodes are built with textContent.
(function () {
  "use strict";

  var me = document.currentScript;
  var TOKEN = me.getAttribute("data-token") || "";
  var QUEUE = me.getAttribute("data-queue") || "/__sitegen/review/";
  var API = QUEUE;
  var ROLES = { claim: ["source", "cue", "content", "intermediary"], dispute: ["cue", "disputant"], entity: [] };
  var REASONS = ["denied", "unverified", "contradicted"];
  var TYPES = ["person", "organisation", "place", "group", "date", "event", "other"];
  var SKIP = ".ann-start, .ann-end, .fn-ref, .para-link, .anchor, #sitegen-review";
  var PLACE_KEY = "sitegen-review:" + location.pathname;
  var SEEN_KEY = PLACE_KEY + ":acted";

  // The model's review state when the page has it; until then, read off the provenance.
  function isProposed(record) {
    if (record.review) return record.review === "proposed";
    return !(record.provenance || []).some(function (origin) { return origin.kind === "curated"; });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function button(label, keys, action) {
    var node = element("button", label);
    node.type = "button";
    if (keys) node.setAttribute("aria-keyshortcuts", keys);
    node.addEventListener("click", action);
    return node;
  }

  function short(text, limit) {
    var flat = (text || "").replace(/\s+/g, " ").trim();
    return flat.length > limit ? flat.slice(0, limit - 1) + "\u2026" : flat;
  }

  function describe(record) {
    var attrs = record.attributes || {};
    var part = function (role) {
      var found = (record.parts || []).filter(function (p) { return p.role === role; })[0];
      return found ? found.exact : "";
    };
    if (record.kind === "entity") return "Entity: " + (attrs.name || record.exact) + " (" + (attrs.entity_type || "other") + ")";
    if (record.kind === "claim") return "Claim by " + (attrs.source_name || part("source") || "an unnamed source");
    if (record.kind === "dispute") return "Disputed (" + (attrs.reason || "disputed") + ")" + (part("disputant") ? " by " + part("disputant") : "");
    return record.kind;
  }

  // The built page carries no records (one copy of each annotation: its list item); the
  // preview serves the document's, offsets and parts included, to this script alone.
  function readRecords() {
    if (!document.querySelector(".doc-body")) return Promise.resolve(null);
    return fetch(API + "records/" + encodeURIComponent(slug()) + ".json", {
      headers: { "X-Sitegen-Token": TOKEN }, cache: "no-store"
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { return body && body.records ? body : null; }, function () { return null; });
  }

  function slug() {
    var name = location.pathname.split("/").pop() || "";
    return decodeURIComponent(name.replace(/\.html$/, ""));
  }

  function send(path, payload) {
    return fetch(API + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Sitegen-Token": TOKEN },
      body: JSON.stringify(payload),
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok || !body.ok) throw new Error(body.error || "HTTP " + response.status);
        return body;
      });
    });
  }

  // --- Text offsets of a selection (code points into the document's text) ---------------

  function codePoints(text) { return Array.from(text).length; }

  function blockOf(node) {
    var el = node.nodeType === 1 ? node : node.parentNode;
    return el && el.closest ? el.closest("[data-o]") : null;
  }

  function textNodes(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  }

  // The offset of a boundary point (node, offset) in the document's text, or -1.
  function offsetAt(node, offset) {
    var block = blockOf(node);
    if (!block) return -1;
    var boundary = document.createRange();
    boundary.setStart(node, offset);
    var total = Number(block.getAttribute("data-o"));
    var nodes = textNodes(block);
    for (var i = 0; i < nodes.length; i++) {
      var text = nodes[i];
      if (text === node) return total + codePoints(text.data.slice(0, offset));
      if (boundary.comparePoint(text, 0) >= 0) return total;
      total += codePoints(text.data);
    }
    return total;
  }

  // The selection as {start, end, text}, trimmed of surrounding white space; null if none.
  function selectedSpan() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var start = offsetAt(range.startContainer, range.startOffset);
    var end = offsetAt(range.endContainer, range.endOffset);
    if (start < 0 || end <= start) return null;
    var text = blockOf(range.startContainer) === blockOf(range.endContainer) ? visibleText(range) : null;
    if (text !== null) {
      var lead = codePoints(text) - codePoints(text.replace(/^\s+/, ""));
      var trail = codePoints(text) - codePoints(text.replace(/\s+$/, ""));
      text = text.trim();
      start += lead;
      end -= trail;
      if (end <= start) return null;
    }
    return { start: start, end: end, text: text };
  }

  function visibleText(range) {
    var block = blockOf(range.startContainer);
    var out = "";
    textNodes(block).forEach(function (node) {
      if (!range.intersectsNode(node)) return;
      var from = node === range.startContainer ? range.startOffset : 0;
      var to = node === range.endContainer ? range.endOffset : node.data.length;
      out += node.data.slice(from, to);
    });
    return out;
  }

  // --- The review bar -------------------------------------------------------------

  function start() {
    readRecords().then(function (body) { if (body) startWith(body.records, body.place); });
  }

  function startWith(records, place) {
    var proposals = records.filter(isProposed);
    var current = restoredIndex(proposals, place);
    var busy = false;
    var editing = null;

    var bar = element("section", "", "sitegen-review");
    bar.id = "sitegen-review";
    bar.setAttribute("aria-label", "Review proposals");
    var heading = element("h2", "", "sitegen-review-title");
    var quote = element("p", "", "sitegen-review-quote");
    var controls = element("div", "", "sitegen-review-controls");
    var status = element("p", "", "sitegen-review-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var panel = element("form", "", "sitegen-review-edit");
    panel.hidden = true;
    var buttons = {
      previous: button("Previous (k)", "k", function () { move(-1); }),
      next: button("Next (j)", "j", function () { move(1); }),
      accept: button("Accept (a)", "a", function () { decide("accept"); }),
      reject: button("Reject (r)", "r", function () { decide("reject"); }),
      edit: button("Edit (e)", "e", function () { openEdit(); }),
      undo: button("Undo (u)", "u", function () { undo(); }),
    };
    Object.keys(buttons).forEach(function (name) { buttons[name].setAttribute("data-action", name); controls.appendChild(buttons[name]); });
    var queue = element("a", "Review queue");
    queue.href = QUEUE;
    controls.appendChild(queue);
    [heading, quote, controls, panel, status].forEach(function (node) { bar.appendChild(node); });
    document.body.appendChild(bar);
    document.body.classList.add("has-sitegen-review");
    show(false);

    function record() { return proposals[current] || null; }

    function marks(id) {
      return document.querySelectorAll('mark.hl[data-ann~="' + CSS.escape(id) + '"], mark.hl[id="' + CSS.escape(id) + '"]');
    }

    function show(announce) {
      document.querySelectorAll(".sitegen-review-current").forEach(function (node) {
        node.classList.remove("sitegen-review-current");
      });
      var now = record();
      ["previous", "next", "accept", "reject", "edit"].forEach(function (name) { buttons[name].disabled = !now || busy; });
      buttons.undo.disabled = busy;
      if (!now) {
        heading.textContent = "No open proposals on this page";
        quote.textContent = "";
        bar.removeAttribute("data-current");
        return;
      }
      bar.setAttribute("data-current", now.id);
      heading.textContent = "Proposal " + (current + 1) + " of " + proposals.length + ": " + describe(now);
      quote.textContent = "\u201c" + short(now.exact, 160) + "\u201d";
      var found = marks(now.id);
      found.forEach(function (node) { node.classList.add("sitegen-review-current"); });
      if (found.length && announce !== false) found[0].scrollIntoView({ block: "center" });
      remember(now.start);
      if (announce) say(heading.textContent + ". " + quote.textContent);
    }

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(failed));
    }

    function remember(offset) {
      try { sessionStorage.setItem(PLACE_KEY, String(offset)); } catch (error) { /* private mode */ }
    }

    function move(step) {
      if (!proposals.length || editing) return;
      current = (current + step + proposals.length) % proposals.length;
      show(true);
    }

    function settle(promise, what) {
      busy = true;
      show(false);
      say(what + "\u2026");
      promise.then(function (body) {
        remember(body.start);
        say(body.message + ". Updating the page\u2026");
      }, function (error) {
        busy = false;
        show(false);
        say("Not saved: " + error.message, true);
      });
    }

    function decide(action, edit) {
      var now = record();
      if (!now || busy) return;
      var payload = { doc: slug(), id: now.id, action: action };
      if (edit) payload.edit = edit;
      settle(send("action", payload), { accept: "Accepting", reject: "Rejecting", edit: "Saving the correction" }[action]);
    }

    function undo() {
      if (busy || editing) return;
      settle(send("undo", { doc: slug() }), "Undoing");
    }

    // --- Edit: span, parts, and the fields of the kind --------------------------------

    function openEdit() {
      var now = record();
      if (!now || busy) return;
      editing = {
        span: { start: now.start, end: now.end, text: now.exact },
        parts: {},
        reason: (now.attributes || {}).reason || "",
        entity: "",
        type: (now.attributes || {}).entity_type || "",
      };
      (now.parts || []).forEach(function (part) { editing.parts[part.role] = { start: part.start, end: part.end, text: part.exact }; });
      renderEdit(now);
      panel.hidden = false;
      focusSave();
      if (now.kind === "entity") loadEntities(now);
    }

    // Enter then saves, whether the editor used the keys or the buttons.
    function focusSave() {
      var save = panel.querySelector('[data-action="save"]');
      if (save) save.focus({ preventScroll: true });
    }

    function closeEdit() {
      editing = null;
      panel.hidden = true;
      panel.textContent = "";
      buttons.edit.focus();
    }

    function spanLine(label, key, span, role) {
      var line = element("div", "", "sitegen-review-span");
      line.setAttribute("data-field", role || "span");
      line.appendChild(element("span", label + ": ", "sitegen-review-label"));
      line.appendChild(element("q", span ? short(span.text || "(selected)", 120) : "(none)"));
      line.appendChild(button("Use selection (" + key + ")", key, function () { take(role); }));
      if (role) line.appendChild(button("Clear", "", function () { editing.parts[role] = null; renderEdit(record()); }));
      return line;
    }

    function renderEdit(now) {
      panel.textContent = "";
      panel.appendChild(element("p", "Select text in the document, then use it for the span or a part. Enter saves, Escape cancels.", "sitegen-review-help"));
      panel.appendChild(spanLine("Span", "s", editing.span, ""));
      ROLES[now.kind].forEach(function (role, index) {
        panel.appendChild(spanLine(role.charAt(0).toUpperCase() + role.slice(1), String(index + 1), editing.parts[role], role));
      });
      if (now.kind === "dispute") panel.appendChild(choice("Reason", "reason", REASONS, editing.reason));
      if (now.kind === "entity") {
        panel.appendChild(choice("Entity", "entity", [], editing.entity));
        panel.appendChild(choice("Type", "type", TYPES, editing.type));
        fillEntities();
      }
      var row = element("div", "", "sitegen-review-controls");
      var save = button("Save correction (Enter)", "Enter", function () { saveEdit(); });
      save.setAttribute("data-action", "save");
      row.appendChild(save);
      row.appendChild(button("Cancel (Escape)", "Escape", closeEdit));
      panel.appendChild(row);
    }

    function choice(label, field, values, chosen) {
      var box = element("label", label + " ", "sitegen-review-choice");
      var select = element("select");
      select.name = field;
      if (field === "entity") select.appendChild(option("", "\u2014 the quoted name \u2014"));
      values.forEach(function (value) { select.appendChild(option(value, value)); });
      select.value = chosen;
      select.addEventListener("change", function () {
        editing[field] = select.value;
        if (field === "entity") editing.entityPrefilled = false;
      });
      box.appendChild(select);
      return box;
    }

    function option(value, text) {
      var node = element("option", text);
      node.value = value;
      return node;
    }

    // The registry's entities, fetched once per editor session; every render of the panel lists
    // them. The mention's own entity is pre-selected only while the span is still its words: a
    // span moved to other words ("The regional governor" from "Kyiv") is not that entity.
    function loadEntities(now) {
      fetch(API + "entities.json", { headers: { "X-Sitegen-Token": TOKEN }, cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (!editing) return;
          editing.entities = body.entities || [];
          var linked = (now.attributes || {}).entity_id || "";
          var same = editing.span.start === now.start && editing.span.end === now.end;
          if (same && !editing.entity && editing.entities.some(function (e) { return e.id === linked; })) {
            editing.entity = linked;
            editing.entityPrefilled = true;
          }
          fillEntities();
        });
    }

    function fillEntities() {
      var select = panel.querySelector('select[name="entity"]');
      if (!select || !editing || !editing.entities) return;
      editing.entities.forEach(function (entity) {
        select.appendChild(option(entity.id, entity.name + " (" + entity.type + ")"));
      });
      select.value = editing.entity;
    }

    function take(role) {
      var span = selectedSpan();
      if (!span) { say("Select some text in the document first.", true); return; }
      if (role) editing.parts[role] = span; else editing.span = span;
      if (!role && editing.entityPrefilled) { editing.entity = ""; editing.entityPrefilled = false; }
      renderEdit(record());
      say((role || "span") + " set to \u201c" + short(span.text || "", 80) + "\u201d");
      focusSave();
    }

    function saveEdit() {
      var parts = {};
      var texts = {};
      if (editing.span.text) texts.span = editing.span.text;
      Object.keys(editing.parts).forEach(function (role) {
        var span = editing.parts[role];
        parts[role] = span ? { start: span.start, end: span.end } : null;
        if (span && span.text) texts[role] = span.text;
      });
      var edit = { span: { start: editing.span.start, end: editing.span.end }, parts: parts, texts: texts };
      ["reason", "entity", "type"].forEach(function (field) { if (editing[field]) edit[field] = editing[field]; });
      editing = null;
      panel.hidden = true;
      decide("edit", edit);
    }

    panel.addEventListener("submit", function (event) { event.preventDefault(); });

    // --- Keyboard ------------------------------------------------------------------

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      var target = event.target;
      var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
      if (editing) {
        if (event.key === "Escape") { event.preventDefault(); closeEdit(); return; }
        if (typing) return;
        if (event.key === "Enter" && !(target.closest && target.closest("button"))) { event.preventDefault(); saveEdit(); return; }
        var roles = ROLES[record().kind];
        if (event.key === "s") { event.preventDefault(); take(""); return; }
        var index = Number(event.key) - 1;
        if (index >= 0 && index < roles.length) { event.preventDefault(); take(roles[index]); }
        return;
      }
      if (typing) return;
      var keys = { j: function () { move(1); }, k: function () { move(-1); }, a: function () { decide("accept"); },
        r: function () { decide("reject"); }, e: openEdit, u: undo };
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });

    // For tests and tools: which proposal is current, and the list.
    window.sitegenReview = {
      proposals: proposals.map(function (r) { return r.id; }),
      current: function () { return record() && record().id; },
      readyAt: performance.now(),  // ms after this page's navigation started
    };
    bar.setAttribute("data-ready", "true");
  }

  // Where the bar was; but where a decision or undo acted when the preview says so and this
  // page has not yet returned there (the reload may have overtaken that request's answer).
  function restoredIndex(proposals, place) {
    var stored = null;
    try {
      stored = sessionStorage.getItem(PLACE_KEY);
      if (place && sessionStorage.getItem(SEEN_KEY) !== place.serial) {
        sessionStorage.setItem(SEEN_KEY, place.serial);
        stored = String(place.start);
      }
    } catch (error) { stored = place ? String(place.start) : null; }
    if (stored === null) return 0;
    var at = Number(stored);
    for (var i = 0; i < proposals.length; i++) if (proposals[i].start >= at) return i;
    return Math.max(0, proposals.length - 1);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
