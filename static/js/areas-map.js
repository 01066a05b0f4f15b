/* Maps of the Sozialraum pages: area polygons on a blank background (a tile layer only if the
 * page names one), observations as points, and picking a position into the lat/lon fields.
 * Everything shown here is also in a table on the same page; without JavaScript the form
 * fields still work. */
(function () {
  "use strict";

  var RATING_LABELS = { 1: "sehr gut", 2: "gut", 3: "teils, teils", 4: "schlecht", 5: "sehr schlecht", 0: "ohne Bewertung" };
  var LABEL_LIMIT = 40;
  var LEVEL_COLOURS = ["#004b76", "#7b2d8e", "#00665c", "#8a4b00", "#3b3f8f"];

  function parseNumber(text) {
    if (!text) { return NaN; }
    return parseFloat(String(text).replace(",", "."));
  }

  function formatNumber(value) {
    return value.toFixed(6).replace(".", ",");
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function initMap(element) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: Boolean(element.dataset.tileUrl) });
    element.classList.add("is-ready");
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {
        maxZoom: 19,
        attribution: escapeText(element.dataset.tileAttribution || "")
      }).addTo(map);
    }
    map.setView([51.1, 10.4], 6);
    var highlight = (element.dataset.highlight || "").split(",").filter(Boolean);
    var focus = element.dataset.focus || "";
    var areaBase = element.dataset.areaUrl || "";
    var bounds = null;
    var levels = {};
    var layers = {};

    function extend(layerBounds) {
      if (!layerBounds || !layerBounds.isValid()) { return; }
      bounds = bounds ? bounds.extend(layerBounds) : L.latLngBounds(layerBounds.getSouthWest(), layerBounds.getNorthEast());
    }

    var areasPromise = element.dataset.geojsonUrl ? fetchJson(element.dataset.geojsonUrl).then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var p = feature.properties || {};
          if (!(p.level in levels)) { levels[p.level] = Object.keys(levels).length; }
          var colour = LEVEL_COLOURS[levels[p.level] % LEVEL_COLOURS.length];
          var marked = highlight.indexOf(String(p.id)) !== -1 || String(p.id) === focus;
          return {
            color: colour,
            weight: marked ? 3 : 1.5,
            fillColor: colour,
            fillOpacity: marked ? 0.35 : (focus && String(p.id) !== focus ? 0.05 : 0.12)
          };
        },
        onEachFeature: function (feature, featureLayer) {
          var p = feature.properties || {};
          var few = data.features.length <= LABEL_LIMIT && !element.dataset.pick;
          featureLayer.bindTooltip(escapeText(p.name), few
            ? { permanent: true, direction: "center", className: "area-label" }
            : { sticky: true });
          if (!element.dataset.pick && areaBase) {
            featureLayer.on("click", function () { window.location.href = areaBase + p.id + "/"; });
          }
        }
      }).addTo(map);
      layers.areas = layer;
      if (focus) {
        layer.eachLayer(function (l) {
          if (String(l.feature.properties.id) === focus) { extend(l.getBounds()); }
        });
      } else if (highlight.length) {
        layer.eachLayer(function (l) {
          if (highlight.indexOf(String(l.feature.properties.id)) !== -1) { extend(l.getBounds()); }
        });
      }
      if (!bounds) { extend(layer.getBounds()); }
    }) : Promise.resolve();

    var pointsPromise = element.dataset.observationsUrl ? fetchJson(element.dataset.observationsUrl).then(function (data) {
      if (!data.features.length) { return; }
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          var size = p.nr ? 24 : 16;
          return L.marker(latlng, {
            keyboard: true,
            title: (p.nr ? "Beobachtung " + p.nr + ": " : "") + (p.note || ""),
            icon: L.divIcon({
              className: "observation-marker observation-marker--" + (p.rating || 0),
              html: p.nr ? String(p.nr) : "",
              iconSize: [size, size]
            })
          });
        },
        onEachFeature: function (feature, featureLayer) {
          var p = feature.properties;
          featureLayer.bindPopup("<strong>" + escapeText(p.walk_title) + "</strong><br>" +
            escapeText(p.note) + "<br><em>" + escapeText(RATING_LABELS[p.rating || 0]) + "</em>");
        }
      }).addTo(map);
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var box = L.DomUtil.create("details", "map-legend");
        if (element.clientWidth >= 560) { box.open = true; }
        var html = "<summary>Bewertung</summary>";
        [1, 2, 3, 4, 5, 0].forEach(function (r) {
          html += "<span class=\"map-legend__swatch observation-marker--" + r + "\"></span>" + RATING_LABELS[r] + "<br>";
        });
        box.innerHTML = html;
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      legend.addTo(map);
      layers.observations = layer;
      if (!element.dataset.geojsonUrl) { extend(layer.getBounds()); }
    }) : Promise.resolve();

    Promise.all([areasPromise, pointsPromise]).then(function () {
      if (layers.areas && layers.observations) {
        L.control.layers(null, { "Gebiete": layers.areas, "Beobachtungen": layers.observations }, { collapsed: element.clientWidth < 560 }).addTo(map);
      }
      if (bounds) { map.fitBounds(bounds, { padding: [12, 12] }); }
      if (element.dataset.pick) { initPick(map, element); }
    }).catch(function () {
      var note = document.createElement("p");
      note.className = "kern-body area-map__error";
      note.textContent = "Die Kartendaten konnten nicht geladen werden. Die Angaben stehen in der Tabelle.";
      element.parentNode.insertBefore(note, element.nextSibling);
      if (element.dataset.pick) { initPick(map, element); }
    });
  }

  function initPick(map, element) {
    var lat = document.getElementById(element.dataset.latInput || "id_latitude");
    var lon = document.getElementById(element.dataset.lonInput || "id_longitude");
    if (!lat || !lon) { return; }
    var marker = null;
    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = L.circleMarker(latlng, { radius: 9, weight: 3, color: "#ffffff", fillColor: "#b0003a", fillOpacity: 1 }).addTo(map);
      }
      if (pan) { map.panTo(latlng); }
    }
    function fromInputs() {
      var a = parseNumber(lat.value);
      var b = parseNumber(lon.value);
      if (isFinite(a) && isFinite(b)) { place([a, b], true); }
    }
    fromInputs();
    lat.addEventListener("change", fromInputs);
    lon.addEventListener("change", fromInputs);
    map.on("click", function (event) {
      lat.value = formatNumber(event.latlng.lat);
      lon.value = formatNumber(event.latlng.lng);
      place(event.latlng, false);
    });
    var locate = document.querySelector("[data-locate]");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          lat.value = formatNumber(position.coords.latitude);
          lon.value = formatNumber(position.coords.longitude);
          place([position.coords.latitude, position.coords.longitude], true);
        }, function () {
          locate.insertAdjacentText("afterend", " Standort nicht verfügbar.");
        }, { enableHighAccuracy: true, timeout: 15000 });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var maps = document.querySelectorAll("[data-area-map]");
    for (var i = 0; i < maps.length; i++) { initMap(maps[i]); }
  });
})();
