// The interactive neighbourhood of one council, drawn with Cytoscape.js from /export/cytoscape.
"use strict";

const TYPE_LABELS = {
  authority: "Councils", organisation: "Other organisations", inspection: "Inspections",
  judgement: "Judgements", concern: "Concerns and strengths", person: "People",
};

// Inspections and judgements take their grade's colour; the legend shows the others' fixed colours.
const TYPE_SWATCHES = {
  authority: "#1565c0", organisation: "#6a1b9a", inspection: "linear-gradient(90deg, #d32f2f, #ffb300, #43a047)",
  judgement: "linear-gradient(90deg, #d32f2f, #ffb300, #43a047)", concern: "#ef6c00", person: "#5d4037",
};

const STYLE = [
  { selector: "node", style: {
      "background-color": "data(colour)", "label": "data(label)", "font-size": 9,
      "text-wrap": "wrap", "text-max-width": 120, "width": 18, "height": 18, "color": "#222" } },
  { selector: "node[type = 'authority']", style: { "shape": "round-rectangle", "width": 34, "height": 34, "font-weight": "bold" } },
  { selector: "node[type = 'organisation']", style: { "shape": "round-rectangle" } },
  { selector: "node[type = 'inspection']", style: { "shape": "diamond", "width": 26, "height": 26 } },
  { selector: "node[type = 'judgement']", style: { "shape": "square" } },
  { selector: "node[type = 'concern']", style: { "shape": "triangle", "width": 12, "height": 12, "label": "" } },
  { selector: "node[type = 'person']", style: { "shape": "ellipse" } },
  { selector: "edge", style: {
      "width": 1, "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle",
      "arrow-scale": 0.6, "curve-style": "bezier" } },
  { selector: "edge[?leadership]",  // the posts of the ontology's leadership collection
    style: { "width": 2, "line-color": "#5d4037", "target-arrow-color": "#5d4037" } },
];

function addFilter(list, cy, type, count) {
  const item = document.createElement("li");
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  box.dataset.type = type;
  box.addEventListener("change", () => {
    cy.nodes().filter((node) => node.data("type") === type).style("display", box.checked ? "element" : "none");
  });
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = TYPE_SWATCHES[type];
  label.append(box, swatch, `${TYPE_LABELS[type] || type} (${count})`);
  item.append(label);
  list.append(item);
}

async function drawGraph() {
  const container = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  const response = await fetch(container.dataset.export, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    status.textContent = `Could not load the graph: ${response.status} ${await response.text()}`;
    return;
  }
  const data = await response.json();
  const cy = cytoscape({
    container, elements: data.elements, style: STYLE,
    layout: { name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 60 },
  });
  cy.on("tap", "node", (event) => { window.location.href = event.target.data("url"); });
  const counts = {};
  cy.nodes().forEach((node) => { counts[node.data("type")] = (counts[node.data("type")] || 0) + 1; });
  const list = document.getElementById("graph-filters");
  Object.keys(TYPE_LABELS).filter((type) => counts[type]).forEach((type) => addFilter(list, cy, type, counts[type]));
  status.textContent = `${cy.nodes().length} nodes, ${cy.edges().length} links`;
  window.graphView = cy; // lets the browser test check what was drawn
}

document.addEventListener("DOMContentLoaded", drawGraph);
