// The map of prices: the stations in view, each with a pin of its cheapest price for the chosen
// car and battery range (POST /v1/charge_prices/bulk, at most 100 stations per call). With more
// than 100 stations in view they are grouped into clusters that zoom in when clicked. Leaflet is
// vendored (vendor/leaflet, loaded as a classic script before the modules); the tile server is a
// setting, and without one the pins stand on a plain background.
import { api } from "./api.js";
import { el, money } from "./format.js";
import { t } from "./i18n.js";
import { BULK_MAX_TARIFFS, bulkTariffIds } from "./tariffs.js";

export const BULK_MAX_STATIONS = 100;
const CLUSTER_PX = 64;
const DEFAULT_VIEW = { zoom: 5, lat: 51.0, lng: 10.0 };

let map = null, layer = null, generation = 0;

function meta(name) {
  return document.querySelector(`meta[name="${name}"]`)?.content ?? "";
}

/** Make the map in `container`; `moved` gets "zoom/lat/lng" after each pan or zoom. */
export function createMap(container, at, moved) {
  const L = window.L;
  const [zoom, lat, lng] = at ? at.split("/").map(Number) : [DEFAULT_VIEW.zoom, DEFAULT_VIEW.lat, DEFAULT_VIEW.lng];
  map = L.map(container, { zoomSnap: 1, worldCopyJump: false }).setView([lat, lng], zoom);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  const tiles = meta("evcharge-map-tiles");
  if (tiles) L.tileLayer(tiles, { attribution: meta("evcharge-map-attribution"), maxZoom: 19 }).addTo(map);
  else container.classList.add("no-tiles");
  layer = L.layerGroup().addTo(map);
  map.on("moveend", () => {
    const c = map.getCenter();
    moved(`${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  });
  return map;
}

/** Bring a station into view (zoomed in far enough for prices) unless it is already there. */
export function showStation(station) {
  const at = [station.attributes.latitude, station.attributes.longitude];
  if (map && !(map.getZoom() >= 10 && map.getBounds().contains(at))) map.setView(at, 12);
}

function box() {
  const b = map.getBounds();
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  return {
    latGte: clamp(b.getSouth(), -90, 90), latLte: clamp(b.getNorth(), -90, 90),
    lngGte: clamp(b.getWest(), -180, 180), lngLte: clamp(b.getEast(), -180, 180),
  };
}

/** The stations in the map's view (GET /v1/charging_stations with the box filter). */
async function stationsInView() {
  const b = box();
  const query = new URLSearchParams({
    "filter[latitude.gte]": b.latGte.toFixed(5), "filter[latitude.lte]": b.latLte.toFixed(5),
    "filter[longitude.gte]": b.lngGte.toFixed(5), "filter[longitude.lte]": b.lngLte.toFixed(5),
    "page[size]": "1000",
  });
  map.getContainer().dataset.bbox = [b.latGte, b.latLte, b.lngGte, b.lngLte].map((v) => v.toFixed(5)).join(",");
  const doc = await api(`/v1/charging_stations?${query}`);
  return { stations: doc.data, more: doc.meta.more_available };
}

/** The cheapest price per station id over the tariffs in use; stations without one are absent. */
async function bulkPrices(stations, { vehicle, session, currency, startMin }) {
  const tariffIds = await bulkTariffIds();
  const best = new Map();
  // More than 200 tariffs: one call per 200; the cheapest of the cheapest is the cheapest.
  for (let i = 0; i < Math.max(tariffIds.length, 1); i += BULK_MAX_TARIFFS) {
    const body = { data: {
      type: "bulk_price_preview_request",
      attributes: { battery_range: [session.fromPct, session.toPct], currency, start_time: startMin },
      relationships: {
        charging_stations: { data: stations.map((s) => ({ id: s.id, type: "charging_station" })) },
        tariffs: { data: tariffIds.slice(i, i + BULK_MAX_TARIFFS).map((id) => ({ id, type: "tariff" })) },
        vehicle: { data: { id: vehicle.id, type: vehicle.type } },
      },
    } };
    const answer = await api("/v1/charge_prices/bulk", { body });
    for (const p of answer.data) {
      const id = p.relationships.charging_station.data.id;
      if (!best.has(id) || p.attributes.price < best.get(id).price) best.set(id, p.attributes);
    }
  }
  return best;
}

// A click, or Enter on a pin reached with Tab (Leaflet makes markers focusable buttons).
function onChoose(marker, then) {
  marker.on("click", then);
  marker.on("keypress", (event) => { if (event.originalEvent.key === "Enter") then(); });
}

function pin(station, price, cheapest, pick) {
  const a = station.attributes;
  const label = price ? money(price.price, price.currency) : "–";
  const title = price ? t("map.pinTitle", { name: a.name, price: label }) : t("map.pinNoPrice", { name: a.name });
  const icon = window.L.divIcon({
    className: "pin-anchor", iconSize: [0, 0],
    html: el("span", {
      class: `pin${price ? "" : " pin-none"}${cheapest ? " pin-best" : ""}`, "data-testid": "map-pin",
      "data-station-id": station.id, "data-price": price ? price.price : "",
    }, label),
  });
  const marker = window.L.marker([a.latitude, a.longitude], { icon, title, alt: title, keyboard: true, riseOnHover: true });
  onChoose(marker, () => pick(station));
  return marker;
}

function clusters(stations) {
  const cells = new Map();
  for (const s of stations) {
    const p = map.latLngToLayerPoint([s.attributes.latitude, s.attributes.longitude]);
    const key = `${Math.floor(p.x / CLUSTER_PX)}:${Math.floor(p.y / CLUSTER_PX)}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(s);
  }
  return [...cells.values()].map((group) => {
    const bounds = window.L.latLngBounds(group.map((s) => [s.attributes.latitude, s.attributes.longitude]));
    const title = t("map.clusterTitle", { count: group.length });
    const icon = window.L.divIcon({
      className: "pin-anchor", iconSize: [0, 0],
      html: el("span", { class: "cluster", "data-testid": "map-cluster", "data-count": group.length }, String(group.length)),
    });
    const marker = window.L.marker(bounds.getCenter(), { icon, title, alt: title, keyboard: true });
    onChoose(marker, () => map.fitBounds(bounds.pad(0.2), { maxZoom: map.getZoom() + 3 }));
    return marker;
  });
}

/** Draw the stations in view: price pins (up to 100 stations), else clusters. Resolves to a
 * sentence for the map's status line. */
export async function drawStations({ vehicle, why, session, currency, startMin, pick }) {
  const run = ++generation;
  const current = () => run === generation;
  const container = map.getContainer();
  container.dataset.ready = "false";
  const { stations, more } = await stationsInView();
  if (!current()) return null;
  let markers, status;
  if (more || stations.length > BULK_MAX_STATIONS) {
    markers = clusters(stations);
    status = t("map.tooMany", { count: more ? `${stations.length}+` : stations.length, max: BULK_MAX_STATIONS });
  } else {
    const priced = vehicle && session && stations.length ? await bulkPrices(stations, { vehicle, session, currency, startMin }) : new Map();
    if (!current()) return null;
    const lowest = Math.min(...[...priced.values()].map((p) => p.price));
    markers = stations.map((s) => pin(s, priced.get(s.id), priced.get(s.id)?.price === lowest, pick));
    if (!stations.length) status = t("map.none");
    else if (!vehicle) status = `${t("map.count", { count: stations.length })} ${why || t("map.needCar")}`;
    else status = t("map.priced", { count: stations.length, priced: priced.size });
  }
  layer.clearLayers();
  for (const marker of markers) marker.addTo(layer);
  container.dataset.ready = "true";
  return status;
}
