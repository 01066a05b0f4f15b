/* The finder's map: a marker for every offer of the list on this page (the list stays the
 * whole truth; without JavaScript only the list shows). A click on the map, where allowed,
 * sets the hidden lat/lon fields of the search form and searches around that point. */
(function () {
  "use strict";

  function init(element) {
    if (typeof L === "undefined") { return; }
    var map = L.map(element, { attributionControl: Boolean(element.dataset.tileUrl) });
    element.classList.add("is-ready");
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, { maxZoom: 19, attribution: element.dataset.tileAttribution || "" }).addTo(map);
    }
    var points = [];
    document.querySelectorAll(".finder-item[data-lat]").forEach(function (item) {
      var lat = parseFloat(item.dataset.lat), lon = parseFloat(item.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) { return; }
      var marker = L.marker([lat, lon], { title: item.dataset.title, alt: item.dataset.title }).addTo(map);
      var link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = item.dataset.title;
      marker.bindPopup(link);
      points.push([lat, lon]);
    });
    if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([51.1, 10.4], 6);
    }
    if (element.dataset.pick) {
      map.on("click", function (event) {
        var form = document.querySelector(".finder-form");
        if (!form) { return; }
        form.querySelector("[name=lat]").value = event.latlng.lat.toFixed(5);
        form.querySelector("[name=lon]").value = event.latlng.lng.toFixed(5);
        var postcode = form.querySelector("[name=plz]");
        var area = form.querySelector("[name=gebiet]");
        if (postcode) { postcode.value = ""; }
        if (area) { area.value = ""; }
        form.submit();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-finder-map]").forEach(init);
  });
})();
