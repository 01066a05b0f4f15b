/* Network map: progressive enhancement over the table on the same page.
   Loads the graph as JSON, draws it with Cytoscape.js, offers a PNG download. */
(function () {
  "use strict";
  var section = document.getElementById("network-map-section");
  if (!section || typeof window.cytoscape !== "function" || !window.fetch) { return; }
  var container = document.getElementById("network-map");
  // Sector colours come from the key the server renders beside the map (one source).
  var SECTOR_COLOURS = {};
  document.querySelectorAll("#network-key li[data-sector]").forEach(function (item) {
    SECTOR_COLOURS[item.getAttribute("data-sector")] = item.getAttribute("data-colour");
  });
  var KINDS = { c: "centre", o: "organisation", b: "body" };
  // Dense maps show names on hover, focus or tap only (the table lists them all).
  var DENSE = 60;

  // The compact graph (verbund/network/graph_json.py) as Cytoscape elements.
  function elementsOf(payload) {
    var elements = [];
    payload.n.forEach(function (n) {
      // Named while the layout runs, so that it makes room for the names.
      elements.push({ group: "nodes", classes: "all-named", data: { id: n[0], label: n[1], kind: KINDS[n[2]], sector: n[3], degree: n[4] } });
    });
    payload.e.forEach(function (e, i) {
      var type = e[2];
      // 5 agreement, 6 seat in a body, 7 facility of the centre's Verbund, else quality 0-4
      var kind = { 5: "agreement", 6: "body", 7: "member" }[type] || "relationship";
      var weight = { 5: 2, 6: 1, 7: 3 }[type] || Math.max(type, 1);
      elements.push({ group: "edges", data: { id: "e" + i, source: payload.n[e[0]][0], target: payload.n[e[1]][0], kind: kind, weight: weight } });
    });
    return elements;
  }

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
      if (!payload.n || !payload.n.length) { return; }
      var elements = elementsOf(payload);
      var dense = payload.n.length > DENSE;
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
        elements: elements,
        style: [
          // Names at 13 px and never drawn smaller than 11 px on screen (hidden instead when
          // zoomed out); in dense maps only centres are named until a node is pointed at.
          { selector: "node", style: {
            "label": "", "font-size": 13, "text-wrap": "wrap", "text-max-width": 160,
            "text-background-color": "#ffffff", "text-background-opacity": 0.85,
            "text-background-padding": 2, "text-valign": "bottom", "text-margin-y": 4, "color": "#1b1d2b",
            "width": "mapData(degree, 0, 20, 12, 42)", "height": "mapData(degree, 0, 20, 12, 42)",
            "background-color": function (n) { return SECTOR_COLOURS[n.data("sector")] || "#757575"; }
          } },
          { selector: "node[kind = 'centre']", style: { "label": "data(label)", "background-color": "#1b1d2b", "shape": "round-rectangle", "font-weight": "bold", "font-size": 14 } },
          { selector: "node.named, node.all-named", style: { "label": "data(label)", "z-index": 10 } },
          { selector: "node[kind = 'body']", style: { "background-color": "#ffffff", "border-width": 2, "border-color": "#404565", "shape": "diamond" } },
          { selector: "edge", style: { "width": "mapData(weight, 1, 4, 1, 6)", "line-color": "#9aa0b8", "curve-style": "haystack", "opacity": 0.8 } },
          { selector: "edge[kind = 'body']", style: { "line-style": "dashed", "width": 1, "line-color": "#b8bccc" } },
          { selector: "edge[kind = 'agreement']", style: { "line-color": "#0e8a6a" } },
          { selector: "edge[kind = 'member']", style: { "curve-style": "straight", "line-color": "#404565", "line-style": "dotted", "width": 3 } },
          { selector: ".faded", style: { "opacity": 0.12 } }
        ],
        // Labels count as part of a node, so that the layout keeps names apart; unconnected
        // partners are packed as separate components with room for their names.
        layout: elements.length > 3000
          ? { name: "concentric", animate: false, concentric: function (n) { return n.degree(); }, levelWidth: function () { return 3; }, minNodeSpacing: 24 }
          : { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
              nodeRepulsion: function () { return 400000; }, idealEdgeLength: function () { return 90; },
              nodeOverlap: 40, gravity: 0.6, componentSpacing: 60, numIter: 2500, padding: 20 }
      });
      // Names keep 13 px on screen at every zoom (the font grows as the map zooms out) and
      // are shown for all nodes only where they have room: a sparse map, or zoomed in far
      // enough; otherwise centres and the nodes pointed at or tapped are named.
      var showAll = false;
      function relabel() {
        var zoom = cy.zoom();
        var size = function (n) { return (10 + 1.2 * Math.min(n.data("degree"), 20)) / Math.max(zoom, 0.35); };
        cy.style().selector("node").style({ "font-size": 13 / zoom, "text-max-width": 160 / zoom,
          "text-margin-y": 4 / zoom, "text-background-padding": 2 / zoom, "width": size, "height": size })
          .selector("node[kind = 'centre']").style({ "font-size": 14 / zoom }).update();
        var roomy = showAll || (!dense && zoom >= 0.6) || zoom >= 1.5;
        cy.batch(function () {
          if (roomy) { cy.nodes().addClass("all-named"); } else { cy.nodes().removeClass("all-named"); }
        });
      }
      relabel();
      cy.on("zoom", relabel);
      cy.on("mouseover", "node", function (event) { event.target.addClass("named"); });
      cy.on("mouseout", "node", function (event) { if (!event.target.hasClass("picked")) { event.target.removeClass("named"); } });
      cy.on("tap", "node", function (event) {
        var hood = event.target.closedNeighborhood();
        cy.elements().addClass("faded").removeClass("named picked");
        hood.removeClass("faded");
        hood.nodes().addClass("named picked");
      });
      cy.on("tap", function (event) { if (event.target === cy) { cy.elements().removeClass("faded named picked"); } });
      var tools = document.getElementById("network-map-tools");
      tools.appendChild(button("Als PNG speichern", function () {
        var link = document.createElement("a");
        link.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
        link.download = section.getAttribute("data-png-name") || "netzwerk.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
      }));
      tools.appendChild(button("Ansicht einpassen", function () { cy.elements().removeClass("faded named picked"); cy.fit(undefined, 20); }));
      tools.appendChild(button("Alle Namen zeigen", function () { showAll = !showAll; relabel(); }));
    })
    .catch(function () { section.hidden = true; });
})();
