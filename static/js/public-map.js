/* Maps of the public pages: the points of a page (centres, facilities) as circles on a blank
 * background, a tile layer only if the page names one. Every point is also in the list
 * beside the map; without JavaScript the list is all there is. */
(function () {
  "use strict";

  function text(value) {
    var div = document.createElement("div");
    div.textContent = value == null ? "" : String(value);
    return div.innerHTML;
  }

  function initMap(element) {
    var source = document.getElementById(element.dataset.publicMap);
    if (!source || typeof L === "undefined") { return; }
    var points = JSON.parse(source.textContent || "[]");
    if (!points.length) { return; }
    var map = L.map(element, { attributionControl: Boolean(element.dataset.tileUrl), scrollWheelZoom: false });
    element.classList.add("is-ready");
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { maxZoom: 19, attribution: text(element.dataset.tileAttribution) }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 8, color: "#004b76", weight: 2, fillColor: "#0077b6", fillOpacity: 0.8 });
      var label = "<strong>" + text(p.name) + "</strong>" + (p.address ? "<br>" + text(p.address) : "");
      if (p.url) { label = "<a href=\"" + encodeURI(p.url) + "\">" + label + "</a>"; }
      marker.bindPopup(label);
      marker.bindTooltip(text(p.name));
      marker.addTo(map);
      bounds.extend([p.lat, p.lon]);
    });
    if (points.length === 1) { map.setView(bounds.getCenter(), 15); } else { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 }); }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-public-map]"), initMap);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
