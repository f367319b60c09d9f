/* Progressive enhancement of the search results (the page works without it): the arrow keys move the
   focus between the result links, Home and End to the first and the last. No inline script: CSP. */
(function () {
  "use strict";
  var box = document.querySelector("[data-results]");
  if (!box) { return; }
  box.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(box.querySelectorAll("a[data-result]"));
    var index = links.indexOf(document.activeElement);
    if (index < 0 || links.length === 0) { return; }
    var next = null;
    if (event.key === "ArrowDown") { next = links[Math.min(index + 1, links.length - 1)]; }
    else if (event.key === "ArrowUp") { next = links[Math.max(index - 1, 0)]; }
    else if (event.key === "Home") { next = links[0]; }
    else if (event.key === "End") { next = links[links.length - 1]; }
    if (next) { event.preventDefault(); next.focus(); }
  });
}());
