// Optional enhancement of the choropleth maps with Leaflet (static/vendor/leaflet): zoom and pan,
// an optional tile layer (only if the page names one), tooltips and links to the area profiles.
// The server-rendered SVG stays in the page as the fallback; the table below stays the
// accessible version of the same data.
(function () {
  "use strict";
  if (!window.L || !window.fetch) { return; }

  function formatValue(value) {
    if (value === null || value === undefined) { return "kein Wert"; }
    return Number(value).toLocaleString("de-DE", { maximumFractionDigits: 2 });
  }

  document.querySelectorAll(".analysis-map[data-geojson-url]").forEach(function (figure) {
    var container = document.createElement("div");
    container.className = "analysis-leaflet";
    // A region, not an image: the map holds focusable controls (zoom buttons), which an
    // element with role=img must not contain.
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", (figure.getAttribute("data-label") || "Karte") +
      ". Die Werte stehen auch in der Tabelle unten.");
    fetch(figure.getAttribute("data-geojson-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      if (!data.features || !data.features.length) { return; }
      figure.parentNode.insertBefore(container, figure);
      figure.hidden = true;
      var tileUrl = figure.getAttribute("data-tile-url");
      var map = L.map(container, { zoomSnap: 0.25, attributionControl: Boolean(tileUrl) });
      if (tileUrl) {
        L.tileLayer(tileUrl, { maxZoom: 19, attribution: "&copy; OpenStreetMap-Mitwirkende" }).addTo(map);
      }
      // Names stay on the map where there are few areas; where it is dense they appear on
      // hover (and in the table).
      var permanentNames = data.features.length <= 25;
      var layer = L.geoJSON(data, {
        style: function (feature) {
          if (feature.properties.value === null) {
            // No value: grey with a dashed outline (the SVG map hatches it; see the key).
            return { color: "#737373", weight: 1, dashArray: "4 3", fillColor: feature.properties.colour, fillOpacity: 0.85 };
          }
          return { color: "#ffffff", weight: 1, fillColor: feature.properties.colour, fillOpacity: 0.85 };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties;
          var label = document.createElement("span");
          label.textContent = p.name + ": " + formatValue(p.value) + (p.rank ? " (Rang " + p.rank + ")" : "");
          if (permanentNames) {
            label.textContent = p.name;
            shape.bindTooltip(label, { permanent: true, direction: "center", className: "area-name" });
          } else {
            shape.bindTooltip(label, { sticky: true });
          }
          shape.on("click", function () { window.location.href = p.url; });
          shape.on("mouseover", function () { shape.setStyle({ color: "#171a2b", weight: 2 }); });
          shape.on("mouseout", function () { layer.resetStyle(shape); });
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    }).catch(function () {
      // Keep the SVG map.
      figure.hidden = false;
    });
  });
})();
