// Search data as the build packs it (sitegen/search/shards.py) made into lunr's serialized form:
// loaded with lunr.js at the first sign the reader may search, so a page that is only read
// never loads it. search.js registers every shard through it.
(function () {
  "use strict";

  // A field's numbers as shards.numbers writes them: base-32 digits, all but a number's last
  // from the second half of DIGITS.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  function numbers(text) {
    var values = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGITS.indexOf(text.charAt(i));
      if (digit >= 32) value = value * 32 + digit - 32;
      else { values.push(value * 32 + digit); value = 0; }
    }
    return values;
  }

  // A packed shard (sitegen/search/shards.py) in lunr's form, keys in the order JSON.parse of
  // lunr's sorted JSON gave them (lunr meets tied entries in that order): ranks as before.
  function unpacked(data, directory) {
    var fields = directory.fields, vectors = {}, order = fields.map(function (f, i) { return [f, i]; }).sort(), refs = [];
    // "3f,,P0,C5 40,P1": runs of one document's refs, as its ref and what follows it in each.
    (data.r ? data.r.split(" ") : []).forEach(function (run) {
      var parts = run.split(",");
      for (var i = 1; i < parts.length; i++) refs.push(parts[0] + parts[i]);
    });
    var inverted = data.w.map(function (row, index) {
      var posting = { _index: index };
      order.forEach(function (field) {
        var flat = numbers(row[field[1] + 1] || ""), found = posting[field[0]] = {}, at = 0;
        for (var i = 0; i < flat.length; i += 2) {
          var ref = refs[at += flat[i]], key = field[0] + "/" + ref;
          found[ref] = {};
          (vectors[key] = vectors[key] || []).push(index, flat[i + 1] / 1000);
        }
      });
      return [row[0], posting];
    });
    return { capped: data.capped, names: data.names, fields: fields, version: directory.version, pipeline: ["stemmer"], invertedIndex: inverted,
      fieldVectors: Object.keys(vectors).sort().map(function (key) { return [key, vectors[key]]; }) };
  }

  // A capped term's whole list: what its shard keeps and the rest (its file), one term's lunr
  // index with every posting's keys in sorted order, as the whole list was written before.
  function whole(kept, rest) {
    var posting = { _index: 0 }, vectors = {}, a = kept.invertedIndex[0][1], b = rest.invertedIndex[0][1];
    kept.fieldVectors.concat(rest.fieldVectors).forEach(function (v) { vectors[v[0]] = v[1]; });
    Object.keys(a).sort().forEach(function (field) {
      if (field === "_index") return;
      var found = posting[field] = {};
      Object.keys(a[field]).concat(Object.keys(b[field])).sort().forEach(function (ref) { found[ref] = {}; });
    });
    return { invertedIndex: [[kept.invertedIndex[0][0], posting]], fieldVectors: Object.keys(vectors).sort().map(function (key) { return [key, vectors[key]]; }) };
  }

  window.sitegenSearchPacked = { unpacked: unpacked, whole: whole };
})();
