// Drawing a bail exclusion area on a map (progressive enhancement: without JavaScript the
// map stays hidden and the area is chosen as local authorities or ward/LSOA codes, or pasted
// as GeoJSON). Click to add corners; "Finish the area" writes a GeoJSON Polygon (longitude,
// latitude) into the form's exclusion polygon field. The base layer is the local authority
// boundaries served by the app, so it works with no tile server.
const box = document.getElementById("exclusion-map");
const L = window.L;

if (box && L) {
  const field = document.getElementById("id_exclusion_polygon");
  const status = document.getElementById("exclusion-map-status");
  const finish = document.getElementById("exclusion-map-finish");
  const clear = document.getElementById("exclusion-map-clear");
  box.hidden = false;

  const map = L.map("exclusion-map-canvas", { zoomSnap: 0.5 }).setView([52.64, -1.13], 9);
  if (box.dataset.tileUrl) L.tileLayer(box.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  fetch(box.dataset.boundariesUrl)
    .then((response) => (response.ok ? response.json() : null))
    .then((areas) => {
      if (areas) {
        L.geoJSON(areas, {
          style: { color: "#505a5f", weight: 1, fillOpacity: 0.02 },
        }).addTo(map);
      }
    });

  const details = box.closest("details");
  if (details) details.addEventListener("toggle", () => map.invalidateSize());

  let corners = [];
  const outline = L.polygon([], { color: "#d4351c", weight: 2, fillOpacity: 0.15 }).addTo(map);
  const redraw = () => {
    outline.setLatLngs(corners);
    finish.hidden = corners.length < 3;
    clear.hidden = corners.length === 0;
    status.textContent = corners.length
      ? `${corners.length} corner(s) placed.`
      : "No area drawn.";
  };

  const existing = field.value.trim();
  if (existing) {
    try {
      const shape = JSON.parse(existing);
      const ring = (shape.type === "Feature" ? shape.geometry : shape).coordinates[0];
      corners = ring.slice(0, -1).map(([lon, lat]) => [lat, lon]);
      redraw();
      map.fitBounds(outline.getBounds());
    } catch (error) {
      status.textContent = "The area in the box below could not be shown on the map.";
    }
  }

  map.on("click", (event) => {
    corners.push([event.latlng.lat, event.latlng.lng]);
    redraw();
  });

  finish.addEventListener("click", () => {
    const ring = corners.map(([lat, lon]) => [Number(lon.toFixed(6)), Number(lat.toFixed(6))]);
    ring.push(ring[0]);
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    status.textContent = `Area of ${corners.length} corners saved to the form.`;
  });

  clear.addEventListener("click", () => {
    corners = [];
    field.value = "";
    redraw();
  });
}
