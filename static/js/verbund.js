/* Small enhancements for every page (loaded by templates/base.html). Every page works without
   them: the menu is a <details>, the error summary carries autofocus, tables stack on a phone. */
(function () {
  "use strict";

  // The main menu is open at desktop width; CSS does this where ::details-content exists.
  function openMenuOnWideScreens() {
    var menu = document.getElementById("site-menu");
    if (!menu || !window.matchMedia) {
      return;
    }
    var supported = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (!supported && window.matchMedia("(min-width: 48rem)").matches) {
      menu.open = true;
    }
  }

  // Each cell gets its column header as data-label, shown above the value when a table is
  // laid out as cards on a narrow screen.
  function labelTableCells() {
    var tables = document.querySelectorAll("table.kern-table");
    Array.prototype.forEach.call(tables, function (table) {
      var headRows = table.tHead ? table.tHead.rows : [];
      if (!headRows.length) {
        return;
      }
      var labels = [];
      Array.prototype.forEach.call(headRows[headRows.length - 1].cells, function (cell) {
        var span = cell.colSpan || 1;
        for (var i = 0; i < span; i += 1) {
          labels.push(cell.textContent.replace(/\s+/g, " ").trim());
        }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[column];
            if (label && !cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", label);
            }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }

  // A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1).
  function focusableScrollRegions() {
    var regions = document.querySelectorAll(".kern-table-responsive, .table--keep");
    Array.prototype.forEach.call(regions, function (region) {
      if (region.scrollWidth > region.clientWidth && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        if (!region.hasAttribute("role")) {
          region.setAttribute("role", "region");
        }
        var caption = region.querySelector("caption");
        if (!region.hasAttribute("aria-label")) {
          region.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tabelle");
        }
      }
    });
  }

  // After a failed submit the error summary takes the focus (autofocus does it without us).
  function focusErrorSummary() {
    var summary = document.getElementById("form-errors");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  // A field needed for one choice only shows while that choice is made (data-show-when names
  // the controlling field, data-show-value the value); without JavaScript all stay visible.
  function conditionalFields() {
    var fields = document.querySelectorAll("[data-show-when]");
    Array.prototype.forEach.call(fields, function (wrapper) {
      var form = wrapper.closest("form");
      var control = form && form.elements[wrapper.getAttribute("data-show-when")];
      if (!control) {
        return;
      }
      var update = function () {
        var shown = control.value === wrapper.getAttribute("data-show-value");
        wrapper.hidden = !shown;
        Array.prototype.forEach.call(wrapper.querySelectorAll("select, input, textarea"), function (el) {
          el.disabled = !shown;
        });
      };
      // A group of radio buttons is a RadioNodeList: its value is the checked one's.
      var inputs = control.addEventListener ? [control] : Array.prototype.slice.call(control);
      inputs.forEach(function (input) {
        input.addEventListener("change", update);
      });
      update();
    });
  }

  function start() {
    openMenuOnWideScreens();
    labelTableCells();
    focusableScrollRegions();
    conditionalFields();
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
