// Draws the network page's chart with Cytoscape.js from the page's JSON (same filters as
// the page). The tables below the chart list the same nodes and links without JavaScript.
const canvas = document.getElementById("network-canvas");
const status = document.getElementById("network-canvas-status");

const COLOURS = {
  person: "#1d70b8",
  phone: "#d4351c",
  location: "#00703c",
  vehicle: "#6f72af",
  line: "#0b0c0c",
};
const SHAPES = {
  person: "ellipse",
  phone: "round-rectangle",
  location: "triangle",
  vehicle: "diamond",
  line: "star",
};

function say(text) {
  if (status) status.textContent = text;
}

async function draw() {
  if (!canvas || typeof window.cytoscape !== "function") return;
  say("Drawing the network…");
  let payload;
  try {
    const response = await fetch(canvas.dataset.jsonUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    payload = await response.json();
  } catch (error) {
    say(`The chart could not be drawn (${error.message}); the tables below list the network.`);
    return;
  }
  canvas.hidden = false;
  const maxWeight = Math.max(1, ...payload.elements.edges.map((e) => e.data.weight));
  const cy = window.cytoscape({
    container: canvas,
    elements: payload.elements,
    wheelSensitivity: 0.3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 10,
          "text-valign": "bottom",
          "text-margin-y": 4,
          width: 18,
          height: 18,
          "background-color": (n) => COLOURS[n.data("type")] || "#505a5f",
          shape: (n) => SHAPES[n.data("type")] || "ellipse",
        },
      },
      { selector: "node[?centre]", style: { width: 30, height: 30, "border-width": 4, "border-color": "#ffdd00" } },
      { selector: "node[?deal_line]", style: { "border-width": 3, "border-color": "#0b0c0c" } },
      {
        selector: "edge",
        style: {
          width: (e) => 1 + (5 * e.data("weight")) / maxWeight,
          "line-color": "#b1b4b6",
          "curve-style": "haystack",
        },
      },
      { selector: ":selected", style: { "background-color": "#ffdd00", "line-color": "#ffdd00" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
  });
  canvas.dataset.drawnNodes = String(cy.nodes().length);
  canvas.dataset.drawnEdges = String(cy.edges().length);
  const extra = payload.truncated ? ` (the nearest of ${payload.reachable}; narrow the filters to see others)` : "";
  say(`Drawn: ${cy.nodes().length} nodes and ${cy.edges().length} links${extra}. Select a node to see why it is there; double-click to centre on it.`);
  cy.on("tap", "node", (event) => {
    const d = event.target.data();
    const role = d.suggested_role ? ` Suggested role: ${d.suggested_role} (${(d.role_reasons || []).join("; ")}).` : "";
    say(`${d.label} (${d.id}), ${event.target.degree()} links.${role}`);
  });
  cy.on("dbltap", "node", (event) => {
    const url = new URL(canvas.dataset.pageUrl, window.location.href);
    const current = new URLSearchParams(window.location.search);
    current.set("centre", event.target.id());
    url.search = current.toString();
    window.location.assign(url.toString());
  });
}

draw();
