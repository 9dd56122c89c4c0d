/* Journey Maps for MkDocs: the journey page's two small helpers. Everything on the page reads
   without this script; it only adds:

   - the diagram's full-screen view: "Full screen" shows the Mermaid diagram over the whole
     window, fitted to it, with zoom buttons (and + - 0 keys), drag or scroll to pan, Esc to close;
   - a step's folded detail opens when a link (or the address) leads to the step.

   Listeners sit on the document, so pages swapped in by Material's instant navigation work too. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("jm-js");
  var STEP = 1.25;
  var open = null; // the diagram box shown full screen, with its state

  function host(box) {
    return box.querySelector(".mermaid");
  }

  function setZoom(state, zoom) {
    state.zoom = Math.min(4, Math.max(0.1, zoom));
    host(state.box).style.zoom = String(state.zoom);
  }

  function fit(state) {
    var diagram = host(state.box);
    diagram.style.zoom = "1";
    var width = diagram.scrollWidth || 1;
    var height = diagram.scrollHeight || 1;
    var room = state.box.clientWidth - 32;
    var tall = state.box.clientHeight - state.tools.offsetHeight - 32;
    setZoom(state, Math.min(1.5, room / width, Math.max(tall, 100) / height));
  }

  function show(box, opener) {
    if (open || !host(box)) return;
    var tools = box.querySelector(".jm-diagram__tools");
    open = { box: box, tools: tools, opener: opener, zoom: 1, scrollY: window.scrollY };
    box.classList.add("jm-diagram--full");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    root.classList.add("jm-diagram-open");
    fit(open);
    var close = box.querySelector('[data-jm-diagram="close"]');
    if (close) close.focus();
  }

  function hide() {
    if (!open) return;
    var state = open;
    open = null;
    state.box.classList.remove("jm-diagram--full");
    state.box.removeAttribute("role");
    state.box.removeAttribute("aria-modal");
    root.classList.remove("jm-diagram-open");
    host(state.box).style.zoom = "";
    state.box.scrollLeft = 0;
    window.scrollTo(window.scrollX, state.scrollY);
    if (state.opener) state.opener.focus();
  }

  function zoomBy(factor) {
    if (!open) return;
    var box = open.box;
    var midX = (box.scrollLeft + box.clientWidth / 2) / open.zoom;
    var midY = (box.scrollTop + box.clientHeight / 2) / open.zoom;
    setZoom(open, open.zoom * factor);
    box.scrollLeft = midX * open.zoom - box.clientWidth / 2;
    box.scrollTop = midY * open.zoom - box.clientHeight / 2;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-jm-diagram]");
    if (!button) return;
    var action = button.getAttribute("data-jm-diagram");
    if (action === "open") show(button.closest(".jm-diagram"), button);
    else if (action === "close") hide();
    else if (action === "in") zoomBy(STEP);
    else if (action === "out") zoomBy(1 / STEP);
    else if (action === "fit" && open) fit(open);
  });

  document.addEventListener("keydown", function (event) {
    if (!open) return;
    if (event.key === "Escape") hide();
    else if (event.key === "+" || event.key === "=") zoomBy(STEP);
    else if (event.key === "-") zoomBy(1 / STEP);
    else if (event.key === "0") fit(open);
    else return;
    event.preventDefault();
  });

  // Drag to pan (a mouse; touch screens pan the box natively).
  var drag = null;
  document.addEventListener("pointerdown", function (event) {
    if (!open || event.pointerType !== "mouse" || event.button !== 0) return;
    if (!open.box.contains(event.target) || open.tools.contains(event.target)) return;
    drag = { x: event.clientX, y: event.clientY, left: open.box.scrollLeft, top: open.box.scrollTop };
    open.box.classList.add("jm-diagram--dragging");
  });
  document.addEventListener("pointermove", function (event) {
    if (!drag || !open) return;
    open.box.scrollLeft = drag.left - (event.clientX - drag.x);
    open.box.scrollTop = drag.top - (event.clientY - drag.y);
  });
  document.addEventListener("pointerup", function () {
    if (open) open.box.classList.remove("jm-diagram--dragging");
    drag = null;
  });

  // A link to a step opens the step's folded detail: the address's own, or a link on the page
  // (read from the link: Material's instant navigation moves to it without a hashchange event).
  function reveal(hash) {
    var id = decodeURIComponent((hash || "").replace(/^#/, ""));
    var target = id && document.getElementById(id);
    if (!target) return;
    var next = target.nextElementSibling;
    while (next && !/^H[1-6]$/.test(next.tagName)) {
      if (next.tagName === "DETAILS" && next.classList.contains("jm-step-more")) {
        next.open = true;
        return;
      }
      next = next.nextElementSibling;
    }
  }
  function revealAddress() {
    reveal(location.hash);
  }
  window.addEventListener("hashchange", revealAddress);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link) return;
    var url = new URL(link.href, location.href);
    if (url.pathname === location.pathname) reveal(url.hash);
  }, true); // capturing: Material's instant navigation stops the click from reaching the document
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", revealAddress);
  else revealAddress();
  // Material's instant navigation may swap in a fresh copy of the page for a link to it; it
  // announces each swap on its document$ stream.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      setTimeout(revealAddress, 0);
    });
  }
})();
