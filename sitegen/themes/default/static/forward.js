// The 404 page's one job besides saying so: a share link whose page this build does not make
// (a machine proposal nobody reviewed or locked, #23) still leads to its passage. Static hosts
// (GitHub Pages, GitLab Pages) serve the 404 page at the missing address, so
// BASE/p/DOC/ID.html becomes BASE/documents/DOC.html#ID.
(function () {
  "use strict";
  var found = /^(.*\/)p\/([^\/]+)\/([a-z]-[a-z0-9-]+)\.html$/.exec(window.location.pathname);
  if (found) window.location.replace(found[1] + "documents/" + found[2] + ".html#" + found[3]);
})();
