// The 404 page's one job besides saying so: a share link whose page this build does not make
// (a machine proposal nobody reviewed or locked, #23) still leads to its passage. Static hosts
// (GitHub Pages, GitLab Pages) serve the 404 page at the missing address, so
// BASE/p/DOC/ID.html becomes BASE/documents/DOC.html#ID.
(function () {
  "use strict";
  var found = /^(.*\/)p\/([^\/]+)\/([a-z]-[a-z0-9-]+)\.html$/.exec(window.location.pathname);
  if (found) window.location.replace(found[1] + "documents/" + found[2] + ".html#" + found[3]);
  // A claim group's own page became a section of its page of groups: claims/g-0a12….html is
  // claims/0a.html#g-0a12… (sitegen/site/claimpages.py).
  var group = /^(.*\/)claims\/(g-([0-9a-f]{2})[0-9a-f]*)\.html$/.exec(window.location.pathname);
  if (group) window.location.replace(group[1] + "claims/" + group[3] + ".html#" + group[2]);
})();
