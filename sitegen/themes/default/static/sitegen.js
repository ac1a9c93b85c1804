// sitegen default theme: progressive enhancement only. Highlights, the summary panel and
// the annotation list work without this script; it adds kind toggles and a colour-scheme
// switch that persist, start and end markers for screen readers and keyboards, notes in
// the margin, and a details popover for each highlight. Document text is hostile: every
// node is built with createElement and textContent.
(function () {
  "use strict";

  var STORAGE_KEY = "sitegen:hidden-kinds";

  var KINDS = { c: "claim", d: "dispute", e: "entity" };

  // A mark's annotations, sorted: the ids in its data-ann and its own id, when it is the first
  // mark of an annotation (the HTML contract in README.md).
  function annsOf(mark) {
    var ids = (mark.getAttribute("data-ann") || "").split(" ").filter(Boolean);
    return mark.id ? ids.concat([mark.id]).sort() : ids;
  }

  function marksOf(id) {
    var quoted = CSS.escape(id);
    return 'mark.hl[data-ann~="' + quoted + '"], mark.hl[id="' + quoted + '"]';
  }

  // Each annotation's record is read off the page, not embedded twice (#23): a claim or
  // dispute is its list item (#note-ID), an entity mention its numbered link in the entity
  // list; the marks give its words. Records are made on first use and kept.
  function readRecords() {
    var byId = {}, marks = {};
    document.querySelectorAll(".document mark.hl").forEach(function (mark) {
      annsOf(mark).forEach(function (id) { (marks[id] = marks[id] || []).push(mark); });
    });
    Object.keys(marks).forEach(function (id) {
      var record = listed(id) || mentioned(id);
      if (!record) return;
      record.id = id;
      record.marks = marks[id];
      record.exact = marks[id].map(function (mark) { return mark.textContent; }).join("");
      byId[id] = record;
    });
    return byId;
  }

  function listed(id) {
    var item = document.getElementById("note-" + id);
    if (!item) return null;
    var label = item.querySelector(":scope > a");
    var quote = item.querySelector(":scope > blockquote");
    var cue = item.querySelector("em.cue");
    return {
      kind: KINDS[id.charAt(0)] || id.split("-")[0], item: item, label: label ? label.textContent : "",
      review: item.classList.contains("p") ? "proposed" : "reviewed",
      quote: quote ? quote.textContent : "", cue: cue ? cue.textContent : "",
      details: item.querySelector(":scope > p"), origin: item.querySelector(".pv")
    };
  }

  // An entity mention: its number in its entity's row (a <dd> under its type's <dt>); its
  // provenance is its own, else its row's, else the one the whole list states once.
  function mentioned(id) {
    var link = document.querySelector('.entity-groups a[href="#' + CSS.escape(id) + '"]');
    var group = link && link.closest("dd");
    if (!group) return null;
    var type = group.previousElementSibling;
    while (type && type.tagName !== "DT") type = type.previousElementSibling;
    var next = link.nextElementSibling;
    if (next && next.tagName === "Q") next = next.nextElementSibling;
    var own = next && next.classList.contains("pv") ? next : null;
    var name = group.firstElementChild.textContent, kind = type ? type.textContent : "entity";
    return {
      kind: "entity", item: group, name: name, type: kind, label: name + " (" + kind + ")",
      entity: group.firstElementChild.href,
      review: link.classList.contains("p") || group.classList.contains("p") ? "proposed" : "reviewed",
      origin: own || group.querySelector(":scope > .pv") || document.querySelector("#entity-origin .pv")
    };
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

  var SCHEME_KEY = "sitegen:scheme";

  function setUpScheme() {
    var box = document.querySelector(".scheme-switch");
    var select = box && box.querySelector("select");
    if (!select) return;
    var chosen = "";
    try { chosen = localStorage.getItem(SCHEME_KEY) || ""; } catch (error) { chosen = ""; }
    select.value = chosen === "light" || chosen === "dark" ? chosen : "";
    box.hidden = false;
    select.addEventListener("change", function () {
      if (select.value) document.documentElement.setAttribute("data-scheme", select.value);
      else document.documentElement.removeAttribute("data-scheme");
      try {
        if (select.value) localStorage.setItem(SCHEME_KEY, select.value); else localStorage.removeItem(SCHEME_KEY);
      } catch (error) { /* private mode: this page only */ }
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function describe(record) { return record.label; }

  var PROPOSAL_TEXT = "Machine proposal, not reviewed by an editor";

  function proposed(record) { return record.review === "proposed"; }

  function reviewBadge(record) {
    var badge = element("span", proposed(record) ? PROPOSAL_TEXT : "Reviewed by an editor", "review-badge");
    badge.setAttribute("data-review", record.review || "reviewed");
    return badge;
  }

  // A claim's verdict is in the annotation list, built with the page: the popover and the
  // margin show a copy of its rating (the list keeps the whole verdict).
  function verdictPart(record, selector) {
    var found = document.querySelector("#note-" + CSS.escape(record.id) + " " + selector);
    return found ? found.cloneNode(true) : null;
  }

  // The popover's part for one annotation: its list item's words (a copy, the list keeps them).
  function section(record) {
    var box = element("section");
    box.setAttribute("data-review", record.review);
    box.appendChild(element("h2", describe(record)));
    box.appendChild(reviewBadge(record));
    var verdict = verdictPart(record, ".verdict-rating");
    if (verdict) box.appendChild(verdict);
    if (record.kind !== "entity") {
      if (record.quote) box.appendChild(element("blockquote", record.quote));
      if (record.details) box.appendChild(record.details.cloneNode(true));
    }
    var origin = provenance(record);
    if (origin) box.appendChild(origin);
    box.appendChild(linkActions(record.id, record.exact, describe(record)));
    var link = element("a", record.kind === "entity" ? "Everything about " + record.name : "All details");
    link.href = record.kind === "entity" ? record.entity : "#note-" + record.id;
    box.appendChild(link);
    return box;
  }

  // "from 3+4 · 0.85" said in full, from the page's legend of origins (ol.origins).
  function provenance(record) {
    var found = record.origin && /from ([\d+]+) \u00b7 (\S+)/.exec(record.origin.textContent);
    if (!found) return null;
    var steps = found[1].split("+").map(function (n) {
      var step = document.getElementById("g" + n);
      return step ? step.textContent : n;
    });
    return element("p", "From " + steps.join("; ") + " \u00b7 confidence " + found[2], "provenance");
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

  var openDetails = null;

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

    function open(mark, first, from) {
      var ids = annsOf(mark);
      if (first) ids = [first].concat(ids.filter(function (id) { return id !== first; }));
      popover.textContent = "";
      var closeButton = element("button", "Close \u00d7", "close");
      closeButton.type = "button";
      closeButton.addEventListener("click", close);
      popover.appendChild(closeButton);
      var expand = element("button", "More", "expand");
      expand.type = "button";
      expand.setAttribute("aria-expanded", "false");
      expand.addEventListener("click", function () {
        var wide = popover.classList.toggle("is-expanded");
        expand.setAttribute("aria-expanded", wide ? "true" : "false");
        expand.textContent = wide ? "Less" : "More";
      });
      popover.classList.remove("is-expanded");
      popover.appendChild(expand);
      var titled = false;
      ids.forEach(function (id) {
        if (!records[id]) return;
        var part = section(records[id]);
        if (!titled) { part.querySelector("h2").id = "ann-popover-title"; titled = true; }
        popover.appendChild(part);
      });
      active.forEach(function (node) { node.classList.remove("is-active"); });
      active = [];
      ids.forEach(function (id) {
        document.querySelectorAll(marksOf(id) + ', .sidenote[data-for="' + CSS.escape(id) + '"]').forEach(function (node) {
          node.classList.add("is-active");
          active.push(node);
        });
      });
      var box = mark.getBoundingClientRect();
      popover.style.top = (window.scrollY + box.bottom + 6) + "px";
      popover.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 420)) + "px";
      popover.hidden = false;
      opener = from || mark;
      closeButton.focus();
    }
    openDetails = open;

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

    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target : event.target.parentNode;
      var mark = target.closest("mark.hl");
      if (mark) { open(mark); return; }
      var note = target.closest(".sidenote");
      var first = note && document.querySelector(marksOf(note.getAttribute("data-for")));
      if (first) { open(first, note.getAttribute("data-for")); return; }
      if (!popover.hidden && !popover.contains(event.target) && !target.closest(".ann-start")) close();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !popover.hidden) close();
    });

    // Arriving at #ID (a link, a share page's redirect, a search hit) shows the passage from its
    // start just below the sticky legend and highlights it; the details open only when asked for.
    function showTarget() {
      var id = decodeURIComponent(location.hash.slice(1));
      document.querySelectorAll("mark.hl.is-target").forEach(function (node) { node.classList.remove("is-target"); });
      if (!id || id.indexOf(":~:") === 0) return;
      if (!document.getElementById(id)) { missingNotice(id); return; }
      if (!records[id]) return;
      var marks = document.querySelectorAll(marksOf(id));
      if (!marks.length) return;
      marks.forEach(function (node) { node.classList.add("is-target"); });
      keepClearOfStickies();
      marks[0].scrollIntoView({ block: "start" });
    }
    window.addEventListener("hashchange", showTarget);
    showTarget();
  }

  // Scrolling to a passage stops below the sticky legend, however many rows it wraps onto.
  function keepClearOfStickies() {
    var legend = document.querySelector(".legend");
    var height = legend && getComputedStyle(legend).position === "sticky" ? legend.offsetHeight : 0;
    document.documentElement.style.scrollPaddingTop = (height + 16) + "px";
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

  // --- Start and end markers: each annotation announced once, where it starts and ends ---

  function spoken(record) {
    return (proposed(record) ? "machine proposal, not reviewed: " : "") + spokenKind(record);
  }

  function spokenKind(record) {
    if (record.kind === "entity") return "entity: " + record.name + ", " + record.type;
    if (record.kind === "dispute") return record.label.replace(/^Disputed \((.*?)\)/, "disputed: $1");
    return record.label.charAt(0).toLowerCase() + record.label.slice(1);
  }

  function spokenEnd(record) {
    if (record.kind === "claim") return "end of " + spokenKind(record);
    if (record.kind === "dispute") return "end of disputed statement";
    return "end of " + record.kind;
  }

  // Inserts visually hidden markers (start: a button that opens the details; end: text) around
  // every annotation, with the marks themselves made silent, so a screen reader hears "claim by
  // X … end of claim by X" once however many fragments overlaps cut the claim into. Returns the
  // claims and disputes in reading order, numbered from 1.
  function setUpMarkers(records) {
    var body = document.querySelector(".document");
    if (!body) return [];
    var firsts = new Map(), lasts = new Map(), seen = [], from = {}, to = {};
    body.querySelectorAll("mark.hl").forEach(function (mark, index) {
      mark.setAttribute("role", "none");
      annsOf(mark).forEach(function (id) {
        if (!records[id]) return;
        if (!firsts.has(id)) { firsts.set(id, mark); seen.push(id); from[id] = index; }
        lasts.set(id, mark);
        to[id] = index;
      });
    });
    var numbered = seen.filter(function (id) { return records[id].kind !== "entity"; });
    numbered.forEach(function (id, index) { records[id].n = index + 1; });
    function grouped(map, order) {
      var byMark = new Map();
      seen.forEach(function (id) {
        var mark = map.get(id);
        if (!byMark.has(mark)) byMark.set(mark, []);
        byMark.get(mark).push(id);
      });
      byMark.forEach(function (ids) { ids.sort(order); });
      return byMark;
    }
    // Outer annotations open first and close last, so markers nest like the annotations do.
    grouped(firsts, function (a, b) { return to[b] - to[a]; }).forEach(function (ids, mark) {
      ids.forEach(function (id) {
        var record = records[id];
        var button = element("button", spoken(record), "ann-start");
        button.type = "button";
        button.setAttribute("data-for", id);
        button.setAttribute("data-kind", record.kind);
        button.setAttribute("data-review", record.review);
        button.setAttribute("aria-haspopup", "dialog");
        button.addEventListener("click", function (event) {
          event.stopPropagation();
          if (openDetails) openDetails(mark, id, button);
        });
        button.addEventListener("focus", function () { current(id, true); });
        button.addEventListener("blur", function () { current(id, false); });
        mark.parentNode.insertBefore(button, mark);
      });
    });
    grouped(lasts, function (a, b) { return from[b] - from[a]; }).forEach(function (ids, mark) {
      var after = mark;
      ids.forEach(function (id) {
        var record = records[id];
        var end = element("span", spokenEnd(record), "ann-end");
        end.setAttribute("data-kind", record.kind);
        after.parentNode.insertBefore(end, after.nextSibling);
        after = end;
        if (record.n) {
          var ref = element("sup", "", "fn-ref");
          ref.setAttribute("data-n", String(record.n));
          ref.setAttribute("aria-hidden", "true");
          after.parentNode.insertBefore(ref, after.nextSibling);
          after = ref;
        }
      });
    });
    numbered.forEach(function (id) {
      var item = document.getElementById("note-" + id);
      if (item) item.setAttribute("data-n", String(records[id].n));
    });
    return numbered;
  }

  function current(id, on) {
    document.querySelectorAll(marksOf(id) + ', .sidenote[data-for="' + CSS.escape(id) + '"]').forEach(function (node) {
      node.classList.toggle("is-current", on);
    });
    var note = on && document.querySelector('.sidenote[data-for="' + CSS.escape(id) + '"]');
    if (note) note.classList.add("is-active");
    else document.querySelectorAll(".sidenote.is-active").forEach(function (node) {
      if (!node.classList.contains("is-current")) node.classList.remove("is-active");
    });
  }

  // --- Notes in the margin (wide screens) -------------------------------------------------

  function shortText(text, limit) {
    var flat = text.replace(/\s+/g, " ").trim();
    return flat.length <= limit ? flat : flat.slice(0, limit - 1).replace(/\s+\S*$/, "") + "\u2026";
  }

  // Quote marks a cut left open are closed (and ones it left closed, opened), so a note or
  // snippet never shows half a quotation. A right single quote between letters is an apostrophe.
  function balanced(text) {
    function count(pattern) { return (text.match(pattern) || []).length; }
    var doubles = count(/\u201c/g) - count(/\u201d/g), singles = count(/\u2018/g) - count(/\u2019(?![A-Za-z])/g);
    var head = (singles < 0 ? "\u2018" : "") + (doubles < 0 ? "\u201c" : "");
    var tail = (singles > 0 ? "\u2019" : "") + (doubles > 0 ? "\u201d" : "") + (count(/"/g) % 2 ? '"' : "");
    return head + text + tail;
  }

  // Words from the text in quotation marks once: a content that is itself a quotation keeps
  // its own marks' place, never “"doubled"”.
  function quotedOnce(text, limit) {
    var flat = text.replace(/\s+/g, " ").trim();
    var inner = /^["\u201c\u2018]/.test(flat) ? flat.slice(1).replace(/[,.;:]?["\u201d\u2019]$/, "") : flat;
    return "\u201c" + balanced(shortText(inner, limit)) + "\u201d";
  }

  function sidenote(record) {
    var note = element("div", "", "sidenote");
    note.setAttribute("data-for", record.id);
    note.setAttribute("data-kind", record.kind);
    note.setAttribute("data-review", record.review || "reviewed");
    var head = element("span", "", "sidenote-head");
    head.appendChild(element("span", String(record.n), "sidenote-number"));
    head.appendChild(document.createTextNode(describe(record)));
    note.appendChild(head);
    if (proposed(record)) note.appendChild(reviewBadge(record));
    var rated = verdictPart(record, ".verdict-label");
    if (rated) note.appendChild(rated);
    var content = record.quote || record.exact;
    var cue = record.cue;
    var line = record.kind === "claim" ? (cue ? cue + " " : "") + quotedOnce(content, 110) :
      balanced(shortText(record.quote || record.exact, 110));
    note.appendChild(element("span", line, "sidenote-text"));
    return note;
  }

  function setUpSidenotes(records, numbered) {
    var box = document.querySelector(".sidenotes");
    var article = document.querySelector(".document");
    if (!box || !article || !numbered.length) return;
    var wide = window.matchMedia("(min-width: 68rem)");
    var notes = numbered.map(function (id) { return sidenote(records[id]); });
    notes.forEach(function (note) { box.appendChild(note); });
    box.hidden = false;
    var pending = false;
    function layout() {
      pending = false;
      if (!wide.matches) return;
      var top = box.getBoundingClientRect().top;
      var bottom = 0;
      notes.forEach(function (note) {
        var mark = document.querySelector(marksOf(note.getAttribute("data-for")));
        if (!mark || getComputedStyle(note).display === "none") return;
        var y = Math.max(mark.getBoundingClientRect().top - top, bottom);
        note.style.top = Math.round(y) + "px";
        bottom = y + note.offsetHeight + 8;
      });
      box.style.minHeight = Math.round(bottom) + "px";
    }
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(layout);
    }
    layout();
    window.addEventListener("resize", schedule);
    if (wide.addEventListener) wide.addEventListener("change", schedule);
    if (window.ResizeObserver) new ResizeObserver(schedule).observe(article);
    document.querySelectorAll("input.kind-toggle").forEach(function (input) { input.addEventListener("change", schedule); });
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
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
      // Each select[data-filter-attr] keeps the items whose attribute equals its value; a
      // select's name in the page's query (?rating=false) sets it, so a filtered list has a link.
      var selects = box.querySelectorAll("select[data-filter-attr]");
      var query = new URLSearchParams(window.location.search);
      Array.prototype.forEach.call(selects, function (select) {
        if (query.get(select.name)) select.value = query.get(select.name);
        select.addEventListener("change", apply);
      });
      function apply() {
        var words = (text ? text.value : "").toLowerCase().trim();
        var wanted = kind ? kind.value : "";
        var shown = 0;
        Array.prototype.forEach.call(list.children, function (item) {
          // An item without data-text is matched on the words it shows (a long list need not say them twice).
          var said = item.hasAttribute("data-text") ? item.getAttribute("data-text") : item.textContent.toLowerCase().replace(/\s+/g, " ");
          var match = (!words || said.indexOf(words) >= 0) &&
            (!wanted || item.getAttribute("data-kind") === wanted) &&
            Array.prototype.every.call(selects, function (select) {
              return !select.value || item.getAttribute(select.getAttribute("data-filter-attr")) === select.value;
            });
          item.hidden = !match;
          if (match) shown++;
        });
        if (count) count.textContent = shown + " of " + list.children.length + " shown";
      }
      if (text) text.addEventListener("input", apply);
      if (kind) kind.addEventListener("change", apply);
      if (selects.length) apply();
    });
  }

  function start() {
    setUpScheme();
    setUpToggles();
    setUpFilters();
    var records = readRecords();
    setUpPopover(records);
    var numbered = setUpMarkers(records);
    setUpSidenotes(records, numbered);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
