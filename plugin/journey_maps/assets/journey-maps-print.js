/* Journey Maps for MkDocs: print each journey diagram whole.

   On screen a long journey diagram keeps its size and scrolls sideways; on paper it would be
   cut at the page edge. Mermaid draws it inside Material's closed shadow root, out of reach of
   the stylesheet, so before printing each diagram that is wider than its box is zoomed out to
   fit it, and set back after printing. */
(function () {
  "use strict";

  function diagrams() {
    return document.querySelectorAll(".jm-diagram");
  }

  window.addEventListener("beforeprint", function () {
    var boxes = diagrams();
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var diagram = box.firstElementChild;
      if (!diagram) continue;
      diagram.style.zoom = "";
      if (box.scrollWidth > box.clientWidth && box.clientWidth > 0) {
        diagram.style.zoom = String(box.clientWidth / box.scrollWidth);
      }
    }
  });

  window.addEventListener("afterprint", function () {
    var boxes = diagrams();
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].firstElementChild) boxes[i].firstElementChild.style.zoom = "";
    }
  });
})();
