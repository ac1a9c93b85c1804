// sitegen default theme: apply the reader's chosen colour scheme before the page is drawn.
// Loaded without defer, so it must stay tiny; sitegen.js wires up the switch itself.
(function () {
  "use strict";
  try {
    var chosen = localStorage.getItem("sitegen:scheme");
    if (chosen === "light" || chosen === "dark") document.documentElement.setAttribute("data-scheme", chosen);
  } catch (error) { /* storage unavailable: follow the system setting */ }
})();
