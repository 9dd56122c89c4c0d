/* Journey Maps for MkDocs: filters and sorting for the insight backlogs.
 *
 * Works on what the page already holds (no data is fetched): a table marked
 * data-jm-table="NAME" and, before it, a bar marked data-jm-filters="NAME" with
 * controls data-jm-filter="text" (a search box) or data-jm-filter="ATTR" (a select
 * whose value must equal each row's data-ATTR). Header cells with data-jm-sort
 * ("number" or "text") become buttons; a cell's data-sort, when present, is the
 * value it sorts by. Without JavaScript the tables are complete, in their order.
 */
(function () {
  "use strict";

  function setUp(root) {
    root.querySelectorAll("table[data-jm-table]").forEach(function (table) {
      if (table.dataset.jmReady) return;
      table.dataset.jmReady = "1";
      var name = table.getAttribute("data-jm-table");
      var bar = root.querySelector('[data-jm-filters="' + name + '"]');
      var body = table.tBodies[0];
      if (!body) return;
      var rows = Array.prototype.slice.call(body.rows);
      rows.forEach(function (row) {
        row.dataset.jmText = row.textContent.toLowerCase();
      });

      function apply() {
        var shown = 0;
        var controls = bar ? bar.querySelectorAll("[data-jm-filter]") : [];
        rows.forEach(function (row) {
          var visible = true;
          controls.forEach(function (control) {
            var value = control.value.trim().toLowerCase();
            if (!value) return;
            var key = control.getAttribute("data-jm-filter");
            if (key === "text") {
              if (row.dataset.jmText.indexOf(value) < 0) visible = false;
            } else if (row.getAttribute("data-" + key) !== value) {
              visible = false;
            }
          });
          row.hidden = !visible;
          if (visible) shown += 1;
        });
        var count = bar && bar.querySelector("[data-jm-count]");
        if (count) count.textContent = shown + " / " + rows.length;
      }

      if (bar) {
        bar.querySelectorAll("[data-jm-filter]").forEach(function (control) {
          control.addEventListener("input", apply);
          control.addEventListener("change", apply);
        });
        apply();
      }

      var headers = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
      headers.forEach(function (th, column) {
        var kind = th.getAttribute("data-jm-sort");
        if (!kind) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "jm-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        // Printed without the button: Chromium leaves buttons out of the header it repeats on each sheet.
        th.setAttribute("data-jm-label", button.textContent.trim());
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) {
            if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
          });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var keyed = rows.map(function (row, index) {
            var cell = row.cells[column];
            var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
            return { row: row, index: index, key: kind === "number" ? parseFloat(raw) || 0 : raw.toLowerCase() };
          });
          keyed.sort(function (a, b) {
            var order = 0;
            if (kind === "number") order = a.key - b.key;
            else order = a.key.localeCompare(b.key, document.documentElement.lang || undefined);
            return (ascending ? order : -order) || a.index - b.index;
          });
          keyed.forEach(function (item) {
            body.appendChild(item.row);
          });
        });
      });
    });
  }

  // Material's instant navigation swaps the page without a load event: document$ tells.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      setUp(document);
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUp(document);
    });
  } else {
    setUp(document);
  }
})();
