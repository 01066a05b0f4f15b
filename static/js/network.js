/* Network map: progressive enhancement over the table on the same page.
   Loads the graph as JSON, draws it with Cytoscape.js, offers a PNG download. */
(function () {
  "use strict";
  var section = document.getElementById("network-map-section");
  if (!section || typeof window.cytoscape !== "function" || !window.fetch) { return; }
  var container = document.getElementById("network-map");
  var SECTOR_COLOURS = {
    child_youth_welfare: "#0b6bcb", education_school: "#7b3fb5", health: "#c0392b",
    counselling: "#0e8a6a", family_education: "#d35400", sport_club: "#2e7d32",
    culture_library: "#8d6e63", fire_safety: "#b71c1c", integration: "#00838f",
    religion: "#5d4037", administration: "#37474f", economy: "#f9a825", other: "#757575"
  };

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kern-btn kern-btn--secondary kern-btn--small";
    var span = document.createElement("span");
    span.className = "kern-label";
    span.textContent = label;
    b.appendChild(span);
    b.addEventListener("click", onClick);
    return b;
  }

  fetch(section.getAttribute("data-src"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(function (payload) {
      if (!payload.elements.length) { return; }
      section.hidden = false;
      container.style.height = "40rem";
      container.style.position = "relative";
      // Cytoscape would inject a <style> element (refused by our CSP); the rule it adds is
      // set above through the CSSOM, and a marker with its id tells it not to try.
      if (!document.getElementById("__________cytoscape_stylesheet")) {
        var marker = document.createElement("meta");
        marker.id = "__________cytoscape_stylesheet";
        document.head.appendChild(marker);
      }
      container.style.border = "1px solid #d0d3e0";
      container.style.borderRadius = "4px";
      var cy = window.cytoscape({
        container: container,
        elements: payload.elements,
        style: [
          { selector: "node", style: {
            "label": "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 130,
            "min-zoomed-font-size": 7, "text-background-color": "#ffffff", "text-background-opacity": 0.7,
            "text-valign": "bottom", "text-margin-y": 3, "color": "#1b1d2b",
            "width": "mapData(degree, 0, 20, 12, 42)", "height": "mapData(degree, 0, 20, 12, 42)",
            "background-color": function (n) { return SECTOR_COLOURS[n.data("sector")] || "#757575"; }
          } },
          { selector: "node[kind = 'centre']", style: { "background-color": "#1b1d2b", "shape": "round-rectangle", "font-weight": "bold", "font-size": 11 } },
          { selector: "node[kind = 'body']", style: { "background-color": "#ffffff", "border-width": 2, "border-color": "#404565", "shape": "diamond" } },
          { selector: "edge", style: { "width": "mapData(weight, 1, 4, 1, 6)", "line-color": "#9aa0b8", "curve-style": "haystack", "opacity": 0.8 } },
          { selector: "edge[kind = 'body']", style: { "line-style": "dashed", "width": 1, "line-color": "#b8bccc" } },
          { selector: "edge[kind = 'agreement']", style: { "line-color": "#0e8a6a" } },
          { selector: ".faded", style: { "opacity": 0.12 } }
        ],
        layout: payload.elements.length > 3000
          ? { name: "concentric", animate: false, concentric: function (n) { return n.degree(); }, levelWidth: function () { return 3; } }
          : { name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 600000; },
              idealEdgeLength: function () { return 120; }, nodeOverlap: 40, gravity: 0.4,
              componentSpacing: 80, numIter: 2500, padding: 30 }
      });
      cy.on("tap", "node", function (event) {
        var hood = event.target.closedNeighborhood();
        cy.elements().addClass("faded");
        hood.removeClass("faded");
      });
      cy.on("tap", function (event) { if (event.target === cy) { cy.elements().removeClass("faded"); } });
      var tools = document.getElementById("network-map-tools");
      tools.appendChild(button("Als PNG speichern", function () {
        var link = document.createElement("a");
        link.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
        link.download = section.getAttribute("data-png-name") || "netzwerk.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      }));
      tools.appendChild(button("Ansicht einpassen", function () { cy.elements().removeClass("faded"); cy.fit(undefined, 20); }));
    })
    .catch(function () { section.hidden = true; });
})();
