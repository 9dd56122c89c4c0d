/* Journey Maps for MkDocs: print each journey map and diagram whole.

   On screen the journey map (the canvas) and a long journey diagram scroll sideways; paper has no
   sideways. Before printing:

   - each canvas is copied into printed pages of at most PER_PAGE steps (whole stages where they
     fit), each with the lane names, its stage and step headers, and its part of the emotion line;
     journey-maps.css prints them on landscape pages and repeats the headers on every sheet;
   - each diagram wider than its box is zoomed out to fit it (Mermaid draws it inside Material's
     closed shadow root, out of reach of the stylesheet).

   Everything is set back after printing. Without this script the canvas prints as on screen. */
(function () {
  "use strict";

  var PER_PAGE = 6;
  var PAPER = 680;
  var SVG = "http://www.w3.org/2000/svg";

  function chunks(stageSizes) {
    // Runs of steps [first, last) per printed page: whole stages while they fit, long ones split.
    var out = [];
    var first = 0;
    var count = 0;
    stageSizes.forEach(function (size) {
      if (count && count + size > PER_PAGE) {
        out.push([first, first + count]);
        first += count;
        count = 0;
      }
      count += size;
      while (count > PER_PAGE) {
        out.push([first, first + PER_PAGE]);
        first += PER_PAGE;
        count -= PER_PAGE;
      }
    });
    if (count) out.push([first, first + count]);
    return out;
  }

  function scoreOf(cell) {
    var point = cell.querySelector(".jm-canvas__point");
    var match = point && /jm-canvas__point--(\d)/.exec(point.className);
    return match ? Number(match[1]) : 3;
  }

  function line(scores) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "jm-canvas__line");
    svg.setAttribute("viewBox", "0 0 " + scores.length * 100 + " 100");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    var polyline = document.createElementNS(SVG, "polyline");
    polyline.setAttribute(
      "points",
      scores
        .map(function (score, i) {
          return i * 100 + 50 + "," + (10 + (5 - score) * 20);
        })
        .join(" ")
    );
    svg.appendChild(polyline);
    return svg;
  }

  function page(table, from, to) {
    var copy = table.cloneNode(true);
    var stages = copy.querySelectorAll(".jm-canvas__stages > th");
    var at = 0;
    for (var i = 0; i < stages.length; i++) {
      var span = Number(stages[i].getAttribute("colspan") || 1);
      var shown = Math.min(at + span, to) - Math.max(at, from);
      if (shown > 0) stages[i].setAttribute("colspan", String(shown));
      else stages[i].remove();
      at += span;
    }
    var rows = copy.querySelectorAll(".jm-canvas__steps, .jm-canvas__lane");
    for (var r = 0; r < rows.length; r++) {
      var cells = Array.prototype.slice.call(rows[r].children, 1);
      var scores = [];
      cells.forEach(function (cell, index) {
        if (index < from || index >= to) cell.remove();
        else if (rows[r].classList.contains("jm-canvas__lane--emotion")) scores.push(scoreOf(cell));
      });
      if (scores.length) {
        var old = rows[r].querySelector(".jm-canvas__line");
        if (old) old.remove();
        rows[r].children[1].prepend(line(scores));
      }
    }
    var steps = copy.querySelector(".jm-canvas__col-step");
    if (steps) steps.setAttribute("span", String(to - from));
    copy.querySelectorAll("[id]").forEach(function (el) {
      el.removeAttribute("id");
    });
    var sheet = document.createElement("div");
    sheet.className = "jm-canvas jm-canvas--print";
    sheet.style.setProperty("--jm-steps", String(to - from));
    sheet.appendChild(copy);
    return sheet;
  }

  function printCanvases() {
    document.querySelectorAll(".jm-canvas:not(.jm-canvas--print)").forEach(function (canvas) {
      var table = canvas.querySelector("table");
      if (!table) return;
      var sizes = Array.prototype.map.call(table.querySelectorAll(".jm-canvas__stages > th"), function (th) {
        return Number(th.getAttribute("colspan") || 1);
      });
      var pages = document.createElement("div");
      pages.className = "jm-canvas-print";
      chunks(sizes).forEach(function (run) {
        pages.appendChild(page(table, run[0], run[1]));
      });
      canvas.after(pages);
    });
  }

  function diagrams() {
    return document.querySelectorAll(".jm-diagram");
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".jm-canvas-print").forEach(function (el) {
      el.remove();
    });
    printCanvases();
    var boxes = diagrams();
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var diagram = box.querySelector(".mermaid");
      if (!diagram) continue;
      diagram.style.zoom = "";
      // The box is measured on screen; a portrait A4 or Letter sheet holds about PAPER px.
      var room = Math.min(box.clientWidth, PAPER);
      if (box.scrollWidth > room && room > 0) diagram.style.zoom = String(room / box.scrollWidth);
    }
  });

  window.addEventListener("afterprint", function () {
    document.querySelectorAll(".jm-canvas-print").forEach(function (el) {
      el.remove();
    });
    var boxes = diagrams();
    for (var i = 0; i < boxes.length; i++) {
      var diagram = boxes[i].querySelector(".mermaid");
      if (diagram) diagram.style.zoom = "";
    }
  });
})();
