// Enhances the server-rendered SVG maps: click an area to open its profile, and highlight the
// matching row of the data table while hovering (the table is the accessible version).
(function () {
  "use strict";
  document.querySelectorAll(".analysis-map").forEach(function (map) {
    map.addEventListener("click", function (event) {
      var target = event.target.closest("path[data-href], path[data-area]");
      var prefix = map.getAttribute("data-profile-prefix");
      if (!target) { return; }
      if (target.hasAttribute("data-href")) { window.location.href = target.getAttribute("data-href"); }
      else if (prefix) { window.location.href = prefix + target.getAttribute("data-area") + "/"; }
    });
    map.addEventListener("mouseover", function (event) {
      var target = event.target.closest("path[data-area]");
      document.querySelectorAll("tr.is-active").forEach(function (row) { row.classList.remove("is-active"); });
      if (!target) { return; }
      var row = document.getElementById("area-row-" + target.getAttribute("data-area"));
      if (row) { row.classList.add("is-active"); }
    });
  });
  document.querySelectorAll("tr[data-area]").forEach(function (row) {
    row.addEventListener("mouseenter", function () {
      var path = document.querySelector('path[data-area="' + row.getAttribute("data-area") + '"]');
      if (path) { path.classList.add("is-active"); }
    });
    row.addEventListener("mouseleave", function () {
      var path = document.querySelector('path[data-area="' + row.getAttribute("data-area") + '"]');
      if (path) { path.classList.remove("is-active"); }
    });
  });
  // Filter forms submit on change (a submit button remains for use without JavaScript).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
