// Swagger UI renders as you open operations; these fixes follow it: scrolling code
// samples become focusable (keyboard users can scroll them), and the unnamed choice
// lists of "Try it out" take their parameter's name.
(function () {
  "use strict";

  function fix(root) {
    Array.prototype.forEach.call(root.querySelectorAll("pre:not([tabindex])"), function (pre) {
      pre.setAttribute("tabindex", "0");
    });
    Array.prototype.forEach.call(root.querySelectorAll("select:not([aria-label])"), function (select) {
      var row = select.closest("tr[data-param-name]");
      if (row) { select.setAttribute("aria-label", row.getAttribute("data-param-name")); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("swagger-ui");
    if (!root || !window.MutationObserver) { return; }
    new MutationObserver(function () { fix(root); }).observe(root, { childList: true, subtree: true });
  });
})();
