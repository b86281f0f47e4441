// The submission form's map pin (progressive enhancement: without JavaScript the map stays
// hidden and the postcode and address say where). The base layer is the local authority
// boundaries served by the app, so the map works with no tile server; a tile layer is added
// only when LINEWATCH_MAP_TILE_URL is set.
const box = document.getElementById("pin-map");
const L = window.L;

if (box && L) {
  const latInput = document.getElementById("id_pin_latitude");
  const lonInput = document.getElementById("id_pin_longitude");
  const status = document.getElementById("pin-map-status");
  const clear = document.getElementById("pin-map-clear");
  const postcode = document.getElementById("id_postcode");
  box.hidden = false;

  const map = L.map("pin-map-canvas", { zoomSnap: 0.5 }).setView([52.64, -1.13], 9);
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  }
  fetch(box.dataset.boundariesUrl)
    .then((response) => (response.ok ? response.json() : null))
    .then((areas) => {
      if (!areas) return;
      const layer = L.geoJSON(areas, {
        style: { color: "#1d70b8", weight: 1.5, fillColor: "#1d70b8", fillOpacity: 0.05 },
        onEachFeature: (feature, shape) => shape.bindTooltip(feature.properties.LAD13NM),
      }).addTo(map);
      if (!latInput.value) map.fitBounds(layer.getBounds());
    });

  let pin = null;
  const show = (lat, lon) => {
    if (pin) pin.setLatLng([lat, lon]);
    else pin = L.circleMarker([lat, lon], { radius: 8, color: "#d4351c", weight: 3 }).addTo(map);
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    status.textContent = `Pin placed at ${lat.toFixed(5)}, ${lon.toFixed(5)}.`;
    clear.hidden = false;
  };

  if (latInput.value && lonInput.value) {
    const lat = Number(latInput.value);
    const lon = Number(lonInput.value);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      show(lat, lon);
      map.setView([lat, lon], 15);
    }
  }

  map.on("click", (event) => show(event.latlng.lat, event.latlng.lng));

  clear.addEventListener("click", () => {
    if (pin) map.removeLayer(pin);
    pin = null;
    latInput.value = "";
    lonInput.value = "";
    status.textContent = "No pin placed.";
    clear.hidden = true;
  });

  if (postcode) {
    postcode.addEventListener("change", async () => {
      const text = postcode.value.trim();
      if (!text) return;
      const url = `${box.dataset.postcodeUrl}?postcode=${encodeURIComponent(text)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const place = await response.json();
        if (place.found) map.setView([place.lat, place.lon], 16);
      }
    });
  }
}
