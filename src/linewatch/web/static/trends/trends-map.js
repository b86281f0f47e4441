// The trends map: LA boundaries as the base layer (the shared /maps/authorities.geojson, so
// no tile server is needed), then the counts by NPA, ward or LSOA when a level is chosen, the
// events the viewer may see and the hotspot squares, each from a GeoJSON endpoint of the app.
(function () {
  "use strict";
  const box = document.getElementById("lw-trends-map");
  if (!box || typeof L === "undefined") {
    return;
  }
  const la = box.dataset.la;
  const fallback = box.querySelector(".lw-map-fallback");
  if (fallback) {
    fallback.remove();
  }
  const map = L.map(box, { zoomSnap: 0.25, preferCanvas: true });
  box.classList.add("lw-map-ready");
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, {
      attribution: box.dataset.tileAttribution || "",
      maxZoom: 19,
    }).addTo(map);
  }
  const overlays = {};
  const control = L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  // Tooltips are HTML in Leaflet: everything put in them is escaped first.
  function text(value) {
    const span = document.createElement("span");
    span.textContent = String(value);
    return span.innerHTML;
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error(`${url}: ${response.status}`);
        }
        return response.json();
      });
  }

  getJson(box.dataset.boundariesUrl).then((data) => {
    const boundaries = L.geoJSON(data, {
      style: (feature) => ({
        color: "#0b0c0c",
        weight: feature.properties.LAD13CD === la ? 3 : 1,
        fillColor: feature.properties.LAD13CD === la ? "#ffffff" : "#dddddd",
        fillOpacity: feature.properties.LAD13CD === la ? 0.6 : 0.4,
      }),
      onEachFeature: (feature, layer) => layer.bindTooltip(text(feature.properties.LAD13NM)),
    }).addTo(map);
    const chosen = boundaries.getLayers().filter((l) => l.feature.properties.LAD13CD === la);
    map.fitBounds(chosen.length ? chosen[0].getBounds() : boundaries.getBounds());
    control.addOverlay(boundaries, "Local authority boundaries");
    box.dataset.boundariesDrawn = String(boundaries.getLayers().length);
    const areas = !box.dataset.areasUrl ? Promise.resolve() : getJson(box.dataset.areasUrl)
      .then((data) => {
        const top = Math.max(1, ...data.features.map((f) => f.properties.count || 0));
        const layer = L.geoJSON(data, {
          style: (f) => ({
            color: "#ffffff",
            weight: 0.5,
            fillColor: f.properties.count === null ? "#b1b4b6" : "#1d70b8",
            fillOpacity: f.properties.count === null ? 0.3 : 0.1 + 0.7 * (f.properties.count / top),
          }),
          onEachFeature: (f, l) => l.bindTooltip(`${text(f.properties.name)}: ${text(f.properties.text)}`),
        }).addTo(map);
        control.addOverlay(layer, text(`${data.properties.category} by ${box.dataset.level}`));
        box.dataset.areasDrawn = String(layer.getLayers().length);
      });
    // The counts by area go underneath: drawn first, then the squares and the points.
    return areas.then(() => Promise.all([
      getJson(box.dataset.hotspotsUrl).then((cells) => {
        const top = Math.max(1, ...cells.features.map((f) => f.properties.count));
        const layer = L.geoJSON(cells, {
          style: (f) => ({
            color: f.properties.hot ? "#d4351c" : "#f47738",
            weight: f.properties.hot ? 1.5 : 0.5,
            fillColor: f.properties.hot ? "#d4351c" : "#f47738",
            fillOpacity: 0.15 + 0.6 * (f.properties.count / top),
          }),
          onEachFeature: (f, l) => l.bindTooltip(
            `${f.properties.count} events` +
            (f.properties.hot ? " · hot spot (Gi*)" : "") +
            (f.properties.trend ? ` · ${text(f.properties.trend)}` : "")
          ),
        }).addTo(map);
        control.addOverlay(layer, "Hotspot squares (250 m)");
        box.dataset.hotspotsDrawn = String(layer.getLayers().length);
      }),
      getJson(box.dataset.eventsUrl).then((points) => {
        const layer = L.geoJSON(points, {
          pointToLayer: (f, latlng) => L.circleMarker(latlng, {
            radius: 3, weight: 0, fillColor: "#1d70b8", fillOpacity: 0.7,
          }),
          onEachFeature: (f, l) => l.bindTooltip(text(`${f.properties.kind}: ${f.properties.category}`)),
        }).addTo(map);
        control.addOverlay(layer, "Events you may see");
        box.dataset.eventsDrawn = String(layer.getLayers().length);
      }),
    ]));
  }).catch((error) => {
    box.dataset.mapError = String(error);
    console.error(error);
  });
})();
