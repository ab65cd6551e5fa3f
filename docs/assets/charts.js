/* Charts on touch screens: the first tap on a mark shows its readout (it focuses the mark,
   as the keyboard does) and a second tap follows its link. Without this script a tap
   follows the link at once; mouse and keyboard work the same either way. */
(function () {
  "use strict";
  var focusedBefore = null;
  document.addEventListener("pointerdown", function () { focusedBefore = document.activeElement; }, true);
  // Capture, so that Material's instant navigation never sees the first tap.
  document.addEventListener("click", function (event) {
    var mark = event.pointerType === "touch" && event.target.closest && event.target.closest(".fg-chart svg a");
    if (!mark || mark === focusedBefore) return;
    event.preventDefault();
    event.stopPropagation();
    mark.focus();
  }, true);
})();
