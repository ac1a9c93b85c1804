// The Porter stemmer exactly as lunr.py runs it (Martin Porter's reference version, with its
// departures), so query words meet the terms the Python build wrote. lunr.js's own stemmer
// differs on some words (convoy: lunr.py "convoi", lunr.js "convoy"). Python's negative
// indexing is reproduced by at(); tests/search/test_stem.py checks it word for word.
(function () {
  "use strict";

  var b = "", k = 0, j = 0;

  function at(i) { return b.charAt(i < 0 ? b.length + i : i); }

  function cons(i) {
    var ch = at(i);
    if (ch === "a" || ch === "e" || ch === "i" || ch === "o" || ch === "u") return false;
    if (ch === "y") return i === 0 ? true : !cons(i - 1);
    return true;
  }

  function m() {
    var n = 0, i = 0;
    for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
    i++;
    for (;;) {
      for (;;) { if (i > j) return n; if (cons(i)) break; i++; }
      i++;
      n++;
      for (;;) { if (i > j) return n; if (!cons(i)) break; i++; }
      i++;
    }
  }

  function vowelInStem() {
    for (var i = 0; i <= j; i++) if (!cons(i)) return true;
    return false;
  }

  function doubleC(x) { return x >= 1 && at(x) === at(x - 1) && cons(x); }

  function cvc(i) {
    if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
    var ch = at(i);
    return ch !== "w" && ch !== "x" && ch !== "y";
  }

  function ends(s) {
    var length = s.length;
    if (s.charAt(length - 1) !== at(k)) return false;
    if (length > k + 1) return false;
    if (b.slice(k - length + 1, k + 1) !== s) return false;
    j = k - length;
    return true;
  }

  function setTo(s) { b = b.slice(0, j + 1) + s + b.slice(j + s.length + 1); k = j + s.length; }

  function r(s) { if (m() > 0) setTo(s); }

  function step1ab() {
    if (at(k) === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setTo("i");
      else if (at(k - 1) !== "s") k -= 1;
    }
    if (ends("eed")) { if (m() > 0) k -= 1; }
    else if ((ends("ed") || ends("ing")) && vowelInStem()) {
      k = j;
      if (ends("at")) setTo("ate");
      else if (ends("bl")) setTo("ble");
      else if (ends("iz")) setTo("ize");
      else if (doubleC(k)) { k -= 1; var ch = at(k); if (ch === "l" || ch === "s" || ch === "z") k += 1; }
      else if (m() === 1 && cvc(k)) setTo("e");
    }
  }

  function step1c() { if (ends("y") && vowelInStem()) b = b.slice(0, k) + "i" + b.slice(k + 1); }

  var STEP2 = {
    a: [["ational", "ate"], ["tional", "tion"]], c: [["enci", "ence"], ["anci", "ance"]], e: [["izer", "ize"]],
    l: [["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"]],
    o: [["ization", "ize"], ["ation", "ate"], ["ator", "ate"]],
    s: [["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"]],
    t: [["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]], g: [["logi", "log"]]
  };
  var STEP3 = { e: [["icate", "ic"], ["ative", ""], ["alize", "al"]], i: [["iciti", "ic"]], l: [["ical", "ic"], ["ful", ""]], s: [["ness", ""]] };
  var STEP4 = {
    a: ["al"], c: ["ance", "ence"], e: ["er"], i: ["ic"], l: ["able", "ible"], n: ["ant", "ement", "ment", "ent"],
    o: ["ion", "ou"], s: ["ism"], t: ["ate", "iti"], u: ["ous"], v: ["ive"], z: ["ize"]
  };

  function replaceFirst(rules) {
    for (var i = 0; rules && i < rules.length; i++) if (ends(rules[i][0])) { r(rules[i][1]); return; }
  }

  function step4() {
    var rules = STEP4[at(k - 1)];
    if (!rules) return;
    for (var i = 0; i < rules.length; i++) {
      if (!ends(rules[i])) continue;
      if (rules[i] === "ion" && at(j) !== "s" && at(j) !== "t") continue;
      if (m() > 1) k = j;
      return;
    }
  }

  function step5() {
    j = k;
    if (at(k) === "e") { var a = m(); if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1; }
    if (at(k) === "l" && doubleC(k) && m() > 1) k -= 1;
  }

  window.sitegenStem = function (word) {
    b = word; k = word.length - 1; j = 0;
    if (k <= 1) return b;
    step1ab();
    step1c();
    replaceFirst(STEP2[at(k - 1)]);
    replaceFirst(STEP3[at(k)]);
    step4();
    step5();
    return b.slice(0, k + 1);
  };
})();
