// sitegen search, wiring: the header box (results as you type), the results page with its
// filters, and arriving on a passage from a result (?hl=words#id marks the words there).
// Nothing is fetched until a reader shows they may search (the pointer over the search box, a
// touch or focus on it) or a page needs it; then what every query needs loads while they type.
(function () {
  "use strict";

  var S = window.sitegenSearchUi;
  if (!S) return;
  var form = S.form;
  var input = form.querySelector("input[type=search]");
  var panel = document.getElementById("search-panel");
  var status = document.getElementById("search-status");
  var DELAY = 120;
  var AT_ONCE = 3;

  // Keystrokes in quick succession wait for a pause of DELAY ms; text that arrives after a pause
  // (pasted, chosen from autocomplete, or the first keystrokes of a slow typist) of at least
  // AT_ONCE characters is searched at once: the wait was most of the time to a first result.
  function debounce(fn, box) {
    var timer = null, last = 0;
    return function () {
      var now = Date.now(), paused = now - last > DELAY;
      last = now;
      clearTimeout(timer);
      if (paused && box.value.trim().length >= AT_ONCE) fn();
      else timer = setTimeout(fn, DELAY);
    };
  }

  // A search bound to a list and a status line; stale answers are dropped.
  function searcher(list, statusLine, options) {
    var serial = 0;
    return function (text, filters) {
      var mine = ++serial;
      return S.search(text).then(function (result) {
        if (mine !== serial) return null;
        if (!result.parsed.terms.length) {
          list.textContent = "";
          list.removeAttribute("aria-busy");
          statusLine.textContent = S.summary(result, { groups: [] });
          return null;
        }
        // As you type, the best result is shown as soon as its own text is in; the rest and the
        // counts follow, and the list says it is busy (aria-busy) until they have.
        var done = false, first = options.early ? function (shown) {
          if (mine !== serial || done) return;
          S.renderGroups(list, shown, result.parsed, options.perDoc);
          list.setAttribute("aria-busy", "true");
        } : null;
        return S.present(result, filters || {}, options.limit, first).then(function (shown) {
          done = true;
          if (mine !== serial) return null;
          S.renderGroups(list, shown, result.parsed, options.perDoc);
          list.removeAttribute("aria-busy");
          statusLine.textContent = S.summary(result, shown);
          if (options.after) options.after(result, shown);
          return shown;
        });
      }).catch(function () {
        if (mine !== serial) return;
        list.removeAttribute("aria-busy");
        statusLine.textContent = "Search is unavailable: its data could not be loaded.";
      });
    };
  }

  // --- The header box ------------------------------------------------------------------

  // lunr.js, the stemmer and the directory, which every query needs, start loading at the first
  // sign of intent: a mouse reaches the box some hundreds of milliseconds before the first
  // keystroke does, so a query then waits only for its own shard and store chunks.
  function warmUp(target) {
    var events = ["pointerover", "pointerdown", "touchstart", "focusin"];
    function go() {
      events.forEach(function (name) { target.removeEventListener(name, go, true); });
      S.start().catch(function () {});
    }
    events.forEach(function (name) { target.addEventListener(name, go, { capture: true, passive: true }); });
  }

  function setUpHeader() {
    var list = panel.querySelector(".search-results");
    var more = panel.querySelector(".search-more");
    var run = searcher(list, status, {
      limit: 5, perDoc: 2, early: true, after: function (result, shown) {
        more.hidden = !shown.groups.length;
        more.href = form.action + "?q=" + encodeURIComponent(result.parsed.text);
      }
    });
    function open() { panel.hidden = !input.value.trim(); }
    function close() { panel.hidden = true; }
    warmUp(form);
    input.addEventListener("input", debounce(function () { open(); if (input.value.trim()) run(input.value); else status.textContent = ""; }, input));
    form.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); }
      else if (event.key === "ArrowDown" && !panel.hidden && links.length) { event.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus(); }
      else if (event.key === "ArrowUp" && at >= 0) { event.preventDefault(); if (at === 0) input.focus(); else links[at - 1].focus(); }
    });
    form.addEventListener("focusout", function (event) { if (!form.contains(event.relatedTarget)) close(); });
  }

  // --- The results page ---------------------------------------------------------------------

  function setUpResultsPage(page) {
    var box = page.querySelector("input[type=search]");
    var list = document.getElementById("search-page-results");
    var line = document.getElementById("search-page-status");
    var filters = document.getElementById("search-filters");
    var selects = { kind: filters.querySelector("[name=kind]"), source: filters.querySelector("[name=source]"), entity: filters.querySelector("[name=entity]") };
    var run = searcher(list, line, { limit: 25, perDoc: 5, after: function (result, shown) { facets(result, shown); } });

    function current() { return { kind: selects.kind.value, source: selects.source.value, entity: selects.entity.value }; }

    function options(select, values, label) {
      var keep = select.value;
      select.textContent = "";
      select.appendChild(S.element("option", label)).value = "";
      values.forEach(function (pair) {
        var option = S.element("option", pair[1]);
        option.value = pair[0];
        select.appendChild(option);
      });
      select.value = keep;
      if (select.value !== keep) { var lost = S.element("option", keep); lost.value = keep; select.appendChild(lost); select.value = keep; }
    }

    function facets(result, shown) {
      filters.hidden = false;
      var kinds = {};
      result.hits.forEach(function (h) { kinds[h.kind] = true; });
      options(selects.kind, Object.keys(S.KIND_NAMES).filter(function (k) { return kinds[k]; }).map(function (k) {
        return [k, S.KIND_NAMES[k] + (shown.counts ? " (" + shown.counts[k] + ")" : "")];
      }), "All kinds");
      options(selects.source, Object.keys(shown.facets.source).sort().map(function (v) { return [v, v]; }), "Any source");
      options(selects.entity, Object.keys(shown.facets.entity).sort().map(function (v) { return [v, v]; }), "Any entity");
    }

    function remember() {
      var params = new URLSearchParams();
      params.set("q", box.value);
      var chosen = current();
      Object.keys(chosen).forEach(function (k) { if (chosen[k]) params.set(k, chosen[k]); });
      try { history.replaceState(null, "", "?" + params.toString()); } catch (error) { /* file:// may refuse */ }
    }

    function go() { remember(); if (box.value.trim()) run(box.value, current()); else { list.textContent = ""; line.textContent = ""; } }

    var params = new URLSearchParams(location.search);
    box.value = params.get("q") || "";
    Object.keys(selects).forEach(function (k) {
      var value = params.get(k) || "";
      if (value) { var option = S.element("option", value); option.value = value; selects[k].appendChild(option); selects[k].value = value; }
      selects[k].addEventListener("change", go);
    });
    page.addEventListener("submit", function (event) { event.preventDefault(); go(); });
    box.addEventListener("input", debounce(go, box));
    warmUp(page);
    if (box.value.trim()) run(box.value, current());
  }

  // --- Arriving at a passage from a result ---------------------------------------------

  function markIn(container, terms) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, null);
    var nodes = [];
    while (walker.nextNode()) if (!walker.currentNode.parentNode.closest("button, script, .search-hit")) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var fragment = S.highlighted(node.nodeValue, terms, document.createDocumentFragment());
      if (fragment.childNodes.length < 2) return;
      first = first || fragment.querySelector("mark");
      node.parentNode.replaceChild(fragment, node);
    });
    return first;
  }

  function highlightArrival() {
    var words = new URLSearchParams(location.search).get("hl");
    var body = document.querySelector(".doc-body");
    if (!words || !body) return;
    S.stemmer().then(function () {
      var terms = S.words(words).map(S.term).filter(Boolean);
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id ? document.getElementById(id) : null;
      var places = [];
      if (target && (target.classList.contains("anchor") || target.matches("mark.hl"))) {  // a passage's start
        places = Array.prototype.slice.call(document.querySelectorAll('mark.hl[data-ann~="' + CSS.escape(id) + '"], mark.hl[id="' + CSS.escape(id) + '"]'));
      } else if (target) places = [target];
      if (!places.length) places = [document.querySelector(".doc-header h1"), body];
      var first = null;
      places.forEach(function (place) { if (place) first = markIn(place, terms) || first; });
      if (!target && first) first.scrollIntoView({ block: "center" });
    }).catch(function () {});
  }

  setUpHeader();
  var page = document.querySelector("form.search-page");
  if (page) setUpResultsPage(page);
  highlightArrival();
})();
