// Keyboard users reach every table that scrolls sideways: a scrolling .table-responsive becomes a focusable,
// labelled region (named after the heading above it) so arrow keys scroll it.
(function () {
  "use strict";
  function label(region) {
    let node = region.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    const caption = region.querySelector("caption");
    return (caption && caption.textContent.trim()) || (node && node.textContent.trim()) || document.title;
  }
  function mark() {
    document.querySelectorAll(".table-responsive, .score-grid-wrap").forEach(function (region) {
      const scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", label(region));
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  window.addEventListener("resize", mark);
})();
