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
      container.style.height = "36rem";
      container.style.border = "1px solid #d0d3e0";
      container.style.borderRadius = "4px";
      var cy = window.cytoscape({
        container: container,
        elements: payload.elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: {
            "label": "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 110,
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
        layout: { name: payload.elements.length > 1500 ? "grid" : "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90 }
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
