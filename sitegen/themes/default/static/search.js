// sitegen search: lunr.js over a vocabulary-sharded index, loaded on first use.
// Every data file is a script that calls sitegenSearch.add(key, data): script elements
// load on file:// and under any sub-path alike, and the CSP forbids eval and inline code.
// Untrusted text only ever reaches the page through textContent.
(function () {
  "use strict";

  var form = document.querySelector("form.site-search");
  if (!form) return;
  var ROOT = (form.getAttribute("data-root") || "").replace(/index\.html$/, "");
  var KINDS = { "": "document", P: "paragraph", C: "claim", D: "dispute", E: "entity", X: "other" };
  var KIND_NAMES = { document: "Documents", paragraph: "Paragraphs", claim: "Claims", dispute: "Disputed", entity: "Entities", other: "Other" };
  // Word cutting mirrors sitegen/search/terms.py: punctuation that glues words becomes a space,
  // then lunr.py's separators, its trimmer, stop words and the Porter stemmer.
  var APOSTROPHES = /[\u2018\u2019\u02bc]/g;  // read as ', as terms.py's APOSTROPHES
  var FOLD = /[^\p{L}\p{N}_'.\-]+/gu;
  var SEPARATORS = /[ \t\n\r\f\v\u00a0\-]+/;
  var TRIM = /^[^\p{L}\p{N}_]*?([\p{L}\p{N}_]+)[^\p{L}\p{N}_]*?$/u;
  var RUN = /[\p{L}\p{N}_'\u2019.]+/gu;
  var registry = {};
  var loads = {};
  var engine = null;
  var indexes = {};
  var termCache = {};
  var stopWords = {};

  window.sitegenSearch = {
    add: function (key, data) { registry[key] = data.w ? window.sitegenSearchPacked.unpacked(data, registry.index) : data; },
    search: function (text) { return search(text); }
  };

  // --- Loading ---------------------------------------------------------------------

  function load(url, key) {
    if (loads[url]) return loads[url];
    loads[url] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = function () {
        if (!key) resolve(null);
        else if (registry[key]) resolve(registry[key]);
        else reject(new Error("search data " + key + " did not register"));
      };
      script.onerror = function () { delete loads[url]; reject(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
    return loads[url];
  }

  function start() {
    if (!engine) {
      engine = Promise.all([load(ROOT + "static/vendor/lunr.min.js"), stemmer(), load(ROOT + "search/index.js", "index"), load(ROOT + "static/search-packed.js")])
        .then(function (files) {
          var directory = files[2];
          directory.stop.forEach(function (word) { stopWords[word] = true; });
          termCache = {};
          try { rehearse(directory); } catch (error) { /* only a head start: a query works without it */ }
          return directory;
        });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function stemmer() { return load(ROOT + "static/search-stem.js"); }

  // A query on a one-entry index while nothing waits for it: the browser compiles lunr's loading
  // and querying code now rather than during the reader's first query (10-20 ms of it, measured
  // on a loaded 2-core machine).
  function rehearse(directory) {
    var field = directory.fields[0], posting = { _index: 0 };
    posting[field] = { a: {} };
    var index = loaded(directory, [["rehearsal", posting]], [[field + "/a", [0, 1]]]);
    run(index, ["rehearsal"], true);
    ask(index, function (query) { query.term("rehears", { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING }); });
    parse("rehearsal \"of a phrase\"");
  }

  function dataUrl(directory, key) { return ROOT + "search/" + directory.tag + "/" + key + ".js"; }

  // --- Words and terms -------------------------------------------------------------

  function words(text) {
    return text.toLowerCase().replace(APOSTROPHES, "'").replace(FOLD, " ").split(SEPARATORS).filter(Boolean).map(function (word) {
      var match = TRIM.exec(word);
      return match ? match[1] : word;
    });
  }

  // Index terms come from lunr.py's pipeline, so stop words come from the build and stems
  // from search-stem.js (a port of lunr.py's stemmer), not from lunr.js.
  function term(word) {
    if (!(word in termCache)) termCache[word] = stopWords[word] ? "" : window.sitegenStem(word);
    return termCache[word];
  }

  function runTerm(run) { return term(words(run)[0] || ""); }

  // Quoted parts are phrases; everything else is plain words. lunr's operators (: ~ ^ + - *)
  // never reach lunr: the query is built clause by clause, never parsed.
  function parse(text) {
    var phrases = [];
    var rest = text.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/"([^"]*)("|$)/g, function (_, inner) {
      var found = words(inner);
      if (found.length > 1) phrases.push(found);
      return " " + inner + " ";
    });
    var all = words(rest);
    var terms = [];
    all.forEach(function (word) {
      var t = term(word);
      if (t && terms.indexOf(t) < 0) terms.push(t);
    });
    return { text: text.trim(), words: all.filter(function (w) { return term(w); }), terms: terms, phrases: phrases };
  }

  // --- Querying ----------------------------------------------------------------------

  function shardOf(directory, t) {
    var low = 0, high = directory.shards.length - 1;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (directory.shards[mid] <= t) low = mid; else high = mid - 1;
    }
    return low;
  }

  // Shards hold contiguous term ranges with local _index numbers; merging offsets them so
  // the result is one ordinary lunr index holding every term the query can touch.
  function indexFor(directory, key, datas) {
    if (indexes[key]) return indexes[key];
    if (datas.length === 1) return remember(key, loaded(directory, datas[0].invertedIndex, datas[0].fieldVectors));
    var inverted = [], vectors = {}, order = [], offset = 0;
    datas.forEach(function (data) {
      data.invertedIndex.forEach(function (row) {
        var posting = Object.assign({}, row[1]);
        posting._index += offset;
        inverted.push([row[0], posting]);
      });
      data.fieldVectors.forEach(function (row) {
        if (!vectors[row[0]]) { vectors[row[0]] = []; order.push(row[0]); }
        var into = vectors[row[0]], elements = row[1];
        for (var i = 0; i < elements.length; i += 2) into.push(elements[i] + offset, elements[i + 1]);
      });
      offset += data.invertedIndex.length;
    });
    return remember(key, loaded(directory, inverted, order.map(function (ref) { return [ref, vectors[ref]]; })));
  }

  // lunr.Index.load keeps the rows it is given and never changes them, so one shard is used as it is.
  function loaded(directory, inverted, vectors) {
    return lunr.Index.load({ version: directory.version, fields: directory.fields, pipeline: ["stemmer"], invertedIndex: inverted, fieldVectors: vectors });
  }

  function remember(key, index) {
    if (Object.keys(indexes).length > 8) indexes = {};
    return (indexes[key] = index);
  }

  // One term of a shard as a lunr index of its own (its _index becomes 0).
  function termData(data, t) {
    var row = data.invertedIndex.filter(function (r) { return r[0] === t; })[0];
    if (!row) return null;
    var local = row[1]._index, vectors = [];
    data.fieldVectors.forEach(function (v) {
      for (var i = 0; i < v[1].length; i += 2) if (v[1][i] === local) vectors.push([v[0], [0, v[1][i + 1]]]);
    });
    return { invertedIndex: [[t, Object.assign({}, row[1], { _index: 0 })]], fieldVectors: vectors };
  }

  function shardKey(id) { return "i/" + id.toString(36); }

  // A very common term keeps only its best documents in its shard (sitegen/search/cap.py);
  // its whole posting list is in a file of its own, loaded only when those cannot answer.
  function cappedTerm(directory, t) {
    var data = registry[shardKey(shardOf(directory, t))];
    return data.capped && data.capped[t] ? data : null;
  }

  function wholeIndex(directory, terms) {
    var keys = terms.map(function (t) {
      var data = cappedTerm(directory, t);
      if (!data) return null;
      var local = data.invertedIndex.filter(function (r) { return r[0] === t; })[0][1]._index;
      return shardKey(shardOf(directory, t)) + "-" + local.toString(36);
    });
    return Promise.all(keys.map(function (key) { return key ? load(dataUrl(directory, key), key) : null; })).then(function () {
      var datas = terms.slice().sort().map(function (t) {
        var key = keys[terms.indexOf(t)], own = termData(registry[shardKey(shardOf(directory, t))], t);
        return key ? window.sitegenSearchPacked.whole(own, registry[key]) : own;
      }).filter(Boolean);
      return indexFor(directory, "whole:" + terms.slice().sort().join(" "), datas);
    });
  }

  function run(index, terms, required) {
    return ask(index, function (query) {
      terms.forEach(function (t) {
        query.term(t, { usePipeline: false, presence: required ? lunr.Query.presence.REQUIRED : lunr.Query.presence.OPTIONAL });
      });
    });
  }

  function ask(index, build) {
    try {
      return index.query(build);
    } catch (error) {
      return [];  // a QueryParseError cannot happen here, but nothing a reader types may break the page
    }
  }

  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  function shardIds(directory, terms) {
    return unique(terms.map(function (t) { return shardOf(directory, t); })).sort(function (a, b) { return a - b; });
  }

  function loadShards(directory, ids) {
    return Promise.all(ids.map(function (id) { return load(dataUrl(directory, shardKey(id)), shardKey(id)); }));
  }

  function merged(directory, ids) {
    return indexFor(directory, ids.join(","), ids.map(function (id) { return registry[shardKey(id)]; }));
  }

  // --- Other names of an entity (sitegen/search/names.py) -----------------------------------

  // Runs of query terms that are another name of an entity, each with its canonical name:
  // the shard holding a run's first term lists the names that start with it.
  function namesIn(directory, terms) {
    var found = [];
    for (var i = 0; i < terms.length; i++) {
      var rows = (registry[shardKey(shardOf(directory, terms[i]))].names || {})[terms[i]] || [], best = null;
      rows.forEach(function (row) {
        var fits = row[0].every(function (t, j) { return terms[i + 1 + j] === t; });
        if (fits && (!best || row[0].length > best.rest.length)) best = { at: i, rest: row[0], name: row[1], terms: row[2] };
      });
      if (best) { found.push(best); i += best.rest.length; }
    }
    return found;
  }

  // Every word required, a name's words standing for its entity: mentions carry the canonical
  // name in field n, whatever their spelling.
  function runNamed(index, terms, named) {
    var covered = {};
    named.forEach(function (n) { for (var j = 0; j <= n.rest.length; j++) covered[n.at + j] = true; });
    var required = lunr.Query.presence.REQUIRED;
    return ask(index, function (query) {
      terms.forEach(function (t, i) { if (!covered[i]) query.term(t, { usePipeline: false, presence: required }); });
      named.forEach(function (n) {
        n.terms.forEach(function (t) { query.term(t, { usePipeline: false, presence: required, fields: ["n"] }); });
      });
    });
  }

  // Literal matches first, then the mentions found only by the entity's canonical name.
  function withNames(answer, index, hits, named) {
    var seen = {};
    hits.forEach(function (h) { seen[h.ref] = true; });
    var more = runNamed(index, answer.parsed.terms, named).filter(function (h) { return !seen[h.ref]; });
    if (!more.length) return hits;
    answer.names = unique(named.map(function (n) { return n.name; }));
    answer.counts = null;
    var flat = function (f) { return [].concat.apply([], named.map(f)); };
    answer.parsed = widened(answer.parsed, flat(function (n) { return n.terms; }), flat(function (n) { return words(n.name); }));
    return hits.concat(more);
  }

  // The query with words it matched through a name or a prefix, so results mark them too.
  function widened(parsed, moreTerms, moreWords) {
    var terms = unique(parsed.terms.concat(moreTerms)), found = unique(parsed.words.concat(moreWords));
    return Object.assign({}, parsed, { terms: terms, words: found });
  }

  // --- Prefixes while typing --------------------------------------------------------------

  var PREFIX_MIN = 3, PREFIX_SHARDS = 3;

  // The word being typed: the last one, when nothing (a space, a quote) has ended it yet.
  function openWord(text) {
    if (!/[\p{L}\p{N}]$/u.test(text)) return "";
    var all = words(text.replace(/["\u201c\u201d\u201e\u00ab\u00bb]/g, " "));
    var last = all[all.length - 1] || "";
    return last.length >= PREFIX_MIN ? last : "";
  }

  // Terms are sorted, so those starting with `prefix` are in its shard and the few after it.
  function prefixShards(directory, prefix) {
    var ids = [shardOf(directory, prefix)], end = prefix + "\uffff";
    while (ids.length < PREFIX_SHARDS && ids[ids.length - 1] + 1 < directory.shards.length && directory.shards[ids[ids.length - 1] + 1] < end) {
      ids.push(ids[ids.length - 1] + 1);
    }
    return ids;
  }

  function byPrefix(directory, answer, prefix) {
    var own = term(prefix), others = answer.parsed.terms.filter(function (t) { return t !== own; });
    var ids = unique(shardIds(directory, others).concat(prefixShards(directory, prefix))).sort(function (a, b) { return a - b; });
    return loadShards(directory, ids).then(function () {
      var required = lunr.Query.presence.REQUIRED;
      var hits = ask(merged(directory, ids), function (query) {
        others.forEach(function (t) { query.term(t, { usePipeline: false, presence: required }); });
        query.term(prefix, { usePipeline: false, presence: required, wildcard: lunr.Query.wildcard.TRAILING });
      });
      if (!hits.length) return null;
      var found = {};
      hits.forEach(function (h) { Object.keys(h.matchData.metadata).forEach(function (t) { found[t] = true; }); });
      answer.prefix = prefix;
      var terms = Object.keys(found).sort();
      answer.parsed = widened(answer.parsed, terms, terms);
      return hits;
    });
  }

  // --- Searching --------------------------------------------------------------------------

  function search(text) {
    return start().then(function (directory) {
      var parsed = parse(text || "");
      if (!parsed.terms.length) return { parsed: parsed, hits: [], loose: false, directory: directory };
      var ids = shardIds(directory, parsed.terms), named = [];
      // The shards a word still being typed may continue into load now, beside the query's own:
      // if its exact term finds nothing they are needed, and waiting would cost a round trip.
      var open = parsed.phrases.length ? "" : openWord(text || "");
      var early = open ? prefixShards(directory, open).filter(function (id) { return ids.indexOf(id) < 0; }) : [];
      return Promise.all([loadShards(directory, ids), loadShards(directory, early).catch(function () {})]).then(function () {
        named = namesIn(directory, parsed.terms);
        var more = shardIds(directory, [].concat.apply([], named.map(function (n) { return n.terms; })));
        ids = unique(ids.concat(more)).sort(function (a, b) { return a - b; });
        return loadShards(directory, more);
      }).then(function () {
        var index = merged(directory, ids);
        var capped = parsed.terms.filter(function (t) { return cappedTerm(directory, t); });
        var answer = { parsed: parsed, hits: [], loose: false, directory: directory, counts: null, partial: false, names: null, prefix: "" };
        var hits = run(index, parsed.terms, true);
        if (capped.length && parsed.terms.length === 1) answer.counts = cappedTerm(directory, capped[0]).capped[capped[0]];
        else if (capped.length && hits.length) answer.partial = true;
        if (named.length) hits = withNames(answer, index, hits, named);
        if (hits.length) return finish(answer, hits);
        return (capped.length ? wholeIndex(directory, parsed.terms) : Promise.resolve(index)).then(function (whole) {
          if (whole !== index) hits = run(whole, parsed.terms, true);  // the same index found nothing already
          var prefix = hits.length || parsed.phrases.length ? "" : openWord(text || "");
          return (prefix ? byPrefix(directory, answer, prefix) : Promise.resolve(null)).then(function (found) {
            if (found) return finish(answer, found);
            if (!hits.length && parsed.terms.length > 1 && !parsed.phrases.length) { hits = run(whole, parsed.terms, false); answer.loose = true; }
            return finish(answer, hits);
          });
        });
      });
    });
  }

  function finish(answer, hits) {
    answer.hits = hits.map(hit);
    return answer;
  }

  function hit(result) {
    var match = /^([0-9a-z]+)(?:([A-Z])([0-9a-z]+))?$/.exec(result.ref);
    return { ref: result.ref, score: result.score, doc: parseInt(match[1], 36), kind: KINDS[match[2] || ""] || "other", entry: match[3] ? parseInt(match[3], 36) : -1 };
  }

  // --- Results: grouping, filters, phrase checks ------------------------------------------

  function storeOf(directory, doc) {
    var key = "s/" + doc.toString(36);
    return load(dataUrl(directory, key), key);
  }

  function record(store, h) {
    if (h.entry < 0) return { anchor: "", kind: "document", text: store.t, label: "", source: store.o, entity: "", context: store.t };
    // A row points into the document's text, stored once: [anchor, start, length, label, source, entity, paragraph, review, kind].
    var row = store.e[h.entry], text = store.x.slice(row[1], row[1] + row[2]);
    var around = row[6] >= 0 ? store.e[row[6]] : null;
    var context = around ? store.x.slice(around[1], around[1] + around[2]) : text;
    // A row ends early where the rest are defaults; review 0 or 1, kind only where the ref's letter does not say it (sitegen/search/entries.py).
    // Label, source and entity are indexes into the chunk's names, n.
    var name = function (at) { return typeof row[at] === "number" ? store.n[row[at]] : ""; };
    return { anchor: row[0], kind: row[8] || h.kind, text: text, label: name(3), source: name(4), entity: name(5),
      context: context, review: ["reviewed", "proposed"][row[7]] || "" };
  }

  function hasPhrase(text, phrase) {
    var have = words(text);
    outer: for (var i = 0; i + phrase.length <= have.length; i++) {
      for (var j = 0; j < phrase.length; j++) if (have[i + j] !== phrase[j]) continue outer;
      return true;
    }
    return false;
  }

  // One record per context shown: a claim and the paragraph it stands in show the same text once.
  function distinct(records) {
    var seen = {};
    return records.filter(function (r) {
      if (r.kind === "document") return true;
      if (seen[r.context]) return false;
      return (seen[r.context] = true);
    });
  }

  // Per kind, the passages that kind's view lists: a count is exact or not shown at all.
  function kindCounts(docs, stores) {
    var counts = {};
    docs.forEach(function (g, i) {
      var seen = {};
      g.hits.forEach(function (h) {
        var r = record(stores[i], h), key = h.kind + "\u0000" + (h.kind === "document" ? "" : r.context);
        if (!seen[key]) { seen[key] = true; counts[h.kind] = (counts[h.kind] || 0) + 1; }
      });
    });
    return counts;
  }

  function passagesOf(g) { return g.records.filter(function (r) { return r.kind !== "document"; }); }

  function groups(hits) {
    var byDoc = {}, order = [];
    hits.forEach(function (h) {
      if (!byDoc[h.doc]) { byDoc[h.doc] = { doc: h.doc, hits: [] }; order.push(byDoc[h.doc]); }
      byDoc[h.doc].hits.push(h);
    });
    return order;
  }

  // Kind filters need only the refs; phrase, source and entity checks need the stored text,
  // so they look at up to `scan` documents, best first. `early`, if given, is handed the best
  // document that passes them alone, as soon as it can be known.
  function present(result, filters, limit, early) {
    var counts = {}, exact = result.counts, letter = "";
    result.hits.forEach(function (h) { counts[h.kind] = (counts[h.kind] || 0) + 1; });
    if (exact) {
      counts = {};
      Object.keys(KINDS).forEach(function (k) { if (exact[k]) counts[KINDS[k]] = exact[k][0]; });
      Object.keys(KINDS).forEach(function (k) { if (KINDS[k] === filters.kind) letter = k; });
      exact = filters.kind ? exact[letter] || [0, 0] : exact["*"];
    }
    var hits = result.hits.filter(function (h) { return !filters.kind || h.kind === filters.kind; });
    var all = groups(hits);
    var careful = result.parsed.phrases.length || filters.source || filters.entity;
    var scan = all.slice(0, careful ? Math.max(limit, 40) : limit);
    var everyKind = groups(result.hits);
    var countable = !exact && !careful && !result.partial && everyKind.length <= limit;
    var wanted = scan.concat(countable ? everyKind : []);
    if (early) earliest(result, filters, scan, early);
    return Promise.all(wanted.map(function (g) { return storeOf(result.directory, g.doc); })).then(function (stores) {
      if (!exact) counts = countable ? kindCounts(everyKind, stores.slice(scan.length)) : null;
      var facets = { source: {}, entity: {} };
      var shown = [];
      scan.forEach(function (g, i) {
        g.store = stores[i];
        g.records = passing(result, filters, g, facets);
        if (g.records.length) shown.push(g);
      });
      // Passages are counted as they are listed (one per shown context), so a count can be exact
      // only when every matching document was looked at, or the build counted them (capped terms).
      var listed = shown.reduce(function (n, g) { return n + passagesOf(g).length; }, 0);
      var whole = !careful && !result.partial && all.length <= scan.length;
      return {
        groups: shown.slice(0, limit), more: careful ? shown.length > limit : all.length > limit || !!exact,
        total: exact && !careful ? exact[0] : whole ? listed : null, docs: careful ? shown.length : exact ? exact[1] : all.length,
        counts: counts, facets: facets, partial: !!result.partial, checked: !!careful
      };
    });
  }

  // A document's records that pass the phrase, source and entity checks (noting the facets seen).
  function passing(result, filters, g, facets) {
    return distinct(g.hits.map(function (h) { return record(g.store, h); }).filter(function (r) {
      var ok = result.parsed.phrases.every(function (p) { return hasPhrase(r.text + " \u2029 " + r.entity, p); });
      if (ok && r.source) facets.source[r.source] = true;
      if (ok && r.entity) facets.entity[r.entity] = true;
      return ok && (!filters.source || r.source === filters.source) && (!filters.entity || r.entity === filters.entity);
    }));
  }

  // The best document that passes the checks, as soon as it and every better one have been
  // checked; the store chunks are the ones present() is loading anyway.
  function earliest(result, filters, scan, early) {
    var at = 0;
    (function next() {
      if (at >= scan.length) return;
      var g = scan[at++];
      storeOf(result.directory, g.doc).then(function (store) {
        var first = { doc: g.doc, hits: g.hits, store: store };
        first.records = passing(result, filters, first, { source: {}, entity: {} });
        if (first.records.length) early({ groups: [first] });
        else next();
      }, function () {});
    })();
  }

  // --- Rendering (textContent only) ----------------------------------------------------

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function highlighted(text, terms, container) {
    var last = 0, match;
    RUN.lastIndex = 0;
    while ((match = RUN.exec(text))) {
      if (terms.indexOf(runTerm(match[0])) < 0) continue;
      container.appendChild(document.createTextNode(text.slice(last, match.index)));
      container.appendChild(element("mark", match[0], "search-hit"));
      last = match.index + match[0].length;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
    return container;
  }

  // A cut closes the quote marks it left open (and opens ones it left closed); a right single
  // quote between letters is an apostrophe.
  function balanced(text) {
    function count(pattern) { return (text.match(pattern) || []).length; }
    var doubles = count(/\u201c/g) - count(/\u201d/g), singles = count(/\u2018/g) - count(/\u2019(?![A-Za-z])/g);
    var head = (singles < 0 ? "\u2018" : "") + (doubles < 0 ? "\u201c" : "");
    var tail = (singles > 0 ? "\u2019" : "") + (doubles > 0 ? "\u201d" : "") + (count(/"/g) % 2 ? '"' : "");
    return head + text + tail;
  }

  function snippet(text, terms) {
    var flat = text.replace(/\s+/g, " ").trim(), first = -1, match;
    RUN.lastIndex = 0;
    while (first < 0 && (match = RUN.exec(flat))) if (terms.indexOf(runTerm(match[0])) >= 0) first = match.index;
    if (flat.length <= 240) return flat;
    var start = Math.max(0, first - 80);
    start = start ? flat.indexOf(" ", start) + 1 : 0;
    return balanced((start ? "\u2026" : "") + flat.slice(start, start + 240) + (start + 240 < flat.length ? "\u2026" : ""));
  }

  function passageUrl(store, rec, query) {
    var url = ROOT + store.u + "?hl=" + encodeURIComponent(query.words.join(" "));
    return rec.anchor ? url + "#" + encodeURIComponent(rec.anchor) : url;
  }

  function renderGroups(list, shown, query, perDoc) {
    list.textContent = "";
    shown.groups.forEach(function (g) {
      var item = element("li", "", "search-result");
      var heading = element("h3");
      var link = element("a");
      link.href = passageUrl(g.store, { anchor: "" }, query);
      highlighted(g.store.t, query.terms, link);
      heading.appendChild(link);
      item.appendChild(heading);
      var facts = [g.store.o, g.store.d].filter(Boolean).join(" \u00b7 ");
      if (facts) item.appendChild(element("p", facts, "result-meta"));
      var passages = element("ul", "", "result-passages");
      var listed = passagesOf(g);
      listed.slice(0, perDoc).forEach(function (r) {
        var text = snippet(r.context, query.terms);
        var row = element("li", "", "result-passage");
        row.setAttribute("data-kind", r.kind);
        if (r.review) row.setAttribute("data-review", r.review);
        row.appendChild(element("span", r.label || KIND_NAMES[r.kind].replace(/s$/, ""), "result-kind"));
        var a = element("a");
        a.href = passageUrl(g.store, r, query);
        highlighted(text, query.terms, a);
        row.appendChild(a);
        if (r.review === "proposed") {
          var badge = element("span", "machine proposal, not reviewed", "review-badge");
          badge.setAttribute("data-review", "proposed");
          row.appendChild(document.createTextNode(" "));
          row.appendChild(badge);
        }
        passages.appendChild(row);
      });
      if (listed.length > perDoc) {
        var rest = listed.length - perDoc;
        var more = element("li", "", "result-more");
        var all = element("a", rest + (rest === 1 ? " more passage" : " more passages") + " in this document");
        all.href = passageUrl(g.store, { anchor: "" }, query);
        more.appendChild(all);
        passages.appendChild(more);
      }
      if (passages.firstChild) item.appendChild(passages);
      list.appendChild(item);
    });
  }

  // The query in quotation marks once: a phrase the reader quoted is shown in its own marks.
  function quotedQuery(text) {
    var phrase = /^["\u201c\u201e]([^"\u201c\u201d\u201e]*)["\u201d]?$/.exec(text);
    if (phrase) return "\u201c" + phrase[1] + "\u201d";
    return /["\u201c\u201d\u201e]/.test(text) ? balanced(text) : "\u201c" + text + "\u201d";
  }

  function summary(result, shown) {
    var q = quotedQuery(result.parsed.text);
    if (!result.parsed.terms.length) return result.parsed.text ? "Only very common words in " + q + "; add a more specific word." : "";
    if (!shown.groups.length) return "No results for " + q + ".";
    var what = shown.partial && !shown.total ? "Best " + shown.docs + (shown.docs === 1 ? " document" : " documents")
      : shown.total === null ? shown.docs + (shown.docs === 1 ? " document" : " documents") + (shown.checked ? " (best matches checked)" : "")
      : shown.total + (shown.total === 1 ? " passage" : " passages") + " in " + shown.docs + (shown.docs === 1 ? " document" : " documents");
    var also = result.names ? " (also written " + result.names.join(", ") + ")" : result.prefix ? " (words starting with \u201c" + result.prefix + "\u201d)" : "";
    return what + " for " + q + also + (result.loose ? " (not every word matched)" : "") + ".";
  }

  window.sitegenSearchUi = { search: search, present: present, renderGroups: renderGroups, summary: summary, element: element, form: form, KIND_NAMES: KIND_NAMES, start: start, stemmer: stemmer, words: words, term: term, highlighted: highlighted, termData: termData };
})();
