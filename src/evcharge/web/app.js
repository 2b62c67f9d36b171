// The page: find a car, see its V2X card and charging curve, pick a station and compare prices.
// Plain ES modules, no build step. Every control writes the URL, and the URL restores the view.
import { api, forgetKey, isKeyProblem, storeKey, takeKeyFromFragment } from "./api.js";
import { combobox } from "./combobox.js";
import { curveSvg, curveTable } from "./curve.js";
import { el, minutes, number, plugName } from "./format.js";
import { caption, chargePriceRequest, priceRows } from "./prices.js";
import { CHARGER_POWERS_KW, CURRENCIES, readState, writeState } from "./state.js";
import { curveProvenance, specsList, v2xTable, vehicleLabel } from "./vehicle.js";

const $ = (id) => document.getElementById(id);
const state = readState();
let vehicle = null, station = null;

// Each view keeps only its latest answer: a slow reply to an older choice is dropped.
const runs = {};
function begin(view) {
  const run = (runs[view] = (runs[view] || 0) + 1);
  return () => runs[view] === run;
}

function showKeyForm(message) {
  $("app").hidden = true;
  $("key-form").hidden = false;
  $("key-error").hidden = !message;
  $("key-error").textContent = message || "";
  $("key-input").focus();
}

function failed(error, statusId) {
  if (isKeyProblem(error)) { forgetKey(); showKeyForm(error.message); return; }
  $(statusId).textContent = error.message;
  $(statusId).classList.add("error");
}

function saveState(push = false) { writeState(state, { push }); }

// --- the car -------------------------------------------------------------------------------

async function loadVehicle(id, push = false) {
  const current = begin("vehicle");
  $("vehicle-status").classList.remove("error");
  let found;
  try {
    const page = await api(`/v2/vehicles?filter[id]=${encodeURIComponent(id)}`);
    if (!page.data.length) throw new Error(`No car with id ${id}.`);
    found = page.data[0];
  } catch (error) { if (current()) failed(error, "vehicle-status"); return; }
  if (!current()) return;
  vehicle = found;
  state.vehicle = vehicle.id;
  const markets = vehicle.attributes.markets;
  if (!markets.includes(state.market)) state.market = markets[0];
  saveState(push);
  $("vehicle-title").textContent = vehicleLabel(vehicle);
  $("vehicle-specs").replaceChildren(...specsList(vehicle));
  $("market").replaceChildren(...markets.map((m) => el("option", { value: m }, m.toUpperCase())));
  $("market").value = state.market;
  $("vehicle-view").hidden = false;
  fillChargePoints();
  await Promise.all([loadV2x(), loadCurve(), loadPrices()]);
}

async function loadV2x() {
  const current = begin("v2x");
  const body = $("v2x-body");
  if (!["car", "van"].includes(vehicle.type)) {
    body.replaceChildren(el("p", {}, "EV Database reports V2X for cars and vans only."));
    return;
  }
  const path = `/evdatabase/${state.market}/${vehicle.type}/bidirectionalcharging/` +
    `?evdb_vehicle_id=${vehicle.attributes.evdb_vehicle_id}`;
  try {
    const answer = await api(path);
    if (!current()) return;
    body.replaceChildren(answer === null
      ? el("p", {}, `Not sold in the ${state.market.toUpperCase()} market.`)
      : v2xTable(answer.result));
  } catch (error) {
    if (!current()) return;
    if (isKeyProblem(error)) { failed(error, "vehicle-status"); return; }
    body.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

async function loadCurve() {
  const current = begin("curve");
  const curve = vehicle.attributes.dc_charging_curve;
  const power = Number(state.power);
  $("charger-power").value = state.power;
  $("charge-time").textContent = "";
  $("curve-provenance").replaceChildren();
  delete $("charge-time").dataset.durationMin;
  if (curve === undefined) {
    $("charge-time").textContent = "";
    $("curve-body").replaceChildren(el("p", {}, "This API key cannot read charging curves (it needs the ReadVehiclesFull group)."));
    return;
  }
  if (!curve || !curve.length) {
    $("charge-time").textContent = "";
    $("curve-body").replaceChildren(el("p", {}, "This car cannot charge on DC."));
    return;
  }
  const label = `${vehicleLabel(vehicle)}: DC charging power by state of charge`;
  $("curve-body").replaceChildren(curveSvg(curve, { chargerKw: power, fromPct: 10, toPct: 80, label }), curveTable(curve));
  $("curve-provenance").replaceChildren(curveProvenance(vehicle.attributes));
  try {
    const session = await api(`/v2/vehicles/${vehicle.id}/charging_session?power=${power}&soc_from=10&soc_to=80`);
    if (!current()) return;
    const s = session.data.attributes;
    $("charge-time").textContent = `10 → 80 %: ${minutes(s.duration_min)} at a ${number(power, 0)} kW charger ` +
      `(${number(s.battery_energy_kwh, 1)} kWh, average ${number(s.average_power_kw, 0)} kW)`;
    $("charge-time").dataset.durationMin = s.duration_min;
  } catch (error) { if (current()) $("charge-time").textContent = error.message; }
}

// --- the station and its prices --------------------------------------------------------------

function pointKey(point) { return `${point.plug}-${point.power}`; }

// Which DC inlets take each DC plug (core/plugs.py); only picks the default charge point, the API
// still decides what can be priced.
const DC_FITS = {
  ccs: ["ccs", "tesla_ccs"], ccs1: ["ccs1"], chademo: ["chademo"], tesla_suc: ["tesla_suc", "nacs"],
  tesla_ccs: ["tesla_ccs"], nacs: ["nacs"],
};

function suits(point) {
  if (!vehicle || point.energy_type === "ac") return true;
  return vehicle.attributes.dc_ports.some((port) => (DC_FITS[point.plug] || []).includes(port));
}

async function loadStation(id, push = false) {
  const current = begin("station");
  $("station-status").classList.remove("error");
  let found;
  try {
    found = (await api(`/v1/charging_stations/${encodeURIComponent(id)}`)).data;
  } catch (error) { if (current()) failed(error, "station-status"); return; }
  if (!current()) return;
  station = found;
  const a = station.attributes;
  state.station = station.id;
  $("station-title").textContent = a.name;
  $("station-address").textContent = `${a.address} · ${a.country}`;
  $("station-view").hidden = false;
  fillChargePoints();
  saveState(push);
  await loadPrices();
}

function fillChargePoints() {
  if (!station) return;
  const points = station.attributes.charge_points;
  $("charge-point").replaceChildren(...points.map((p) =>
    el("option", { value: pointKey(p) }, `${plugName(p.plug)} · ${number(p.power, 1)} kW${p.count > 1 ? ` (×${p.count})` : ""}`)));
  const chosen = points.find((p) => pointKey(p) === state.cp && suits(p)) || points.find(suits) || points[0];
  state.cp = pointKey(chosen);
  $("charge-point").value = state.cp;
}

function showControls() {
  $("range-from").value = state.from;
  $("range-to").value = state.to;
  $("start-time").value = state.start;
  $("currency").value = state.currency;
}

const isNumber = (text) => text !== "" && text !== undefined && Number.isFinite(Number(text));

function priceInputProblem() {
  if (!isNumber(state.from) || !isNumber(state.to)) return "Enter the battery range in percent.";
  const fromPct = Number(state.from), toPct = Number(state.to);
  if (!(fromPct >= 0 && toPct <= 100 && fromPct < toPct)) {
    return "The battery range must rise: From % below To %, within 0–100.";
  }
  if (!/^\d\d:\d\d$/.test(state.start || "")) return "Choose a start time.";
  return null;
}

async function loadPrices() {
  const current = begin("prices"); // before any return: an answer in flight is now stale
  const status = $("price-status");
  status.classList.remove("error");
  if (!station) return;
  $("price-table").hidden = true;
  if (!vehicle) { status.textContent = "Choose a car above to see prices for it."; return; }
  const problem = priceInputProblem();
  if (problem) {
    status.textContent = problem;
    status.classList.add("error");
    return;
  }
  const fromPct = Number(state.from), toPct = Number(state.to);
  const [hours, mins] = state.start.split(":").map(Number);
  const chargePoint = station.attributes.charge_points.find((p) => pointKey(p) === state.cp);
  const request = chargePriceRequest({
    vehicle, station, chargePoint, fromPct, toPct, startMin: hours * 60 + mins, currency: state.currency,
  });
  status.textContent = "Pricing…";
  let answer;
  try { answer = await api("/v1/charge_prices", { body: request }); } catch (error) { if (current()) failed(error, "price-status"); return; }
  if (!current()) return;
  const { priced, unpriced, meta } = priceRows(answer);
  $("price-caption").textContent = caption(meta, fromPct, toPct);
  $("price-rows").replaceChildren(...priced);
  $("no-price-rows").replaceChildren(...unpriced);
  $("price-table").hidden = false;
  status.textContent = priced.length ? `${priced.length} tariffs with a price, cheapest first.` : "No tariff has a price here.";
}

// --- wiring ---------------------------------------------------------------------------------

function bindControls() {
  const on = (id, name, then) => $(id).addEventListener("change", () => {
    state[name] = $(id).value;
    saveState();
    then();
  });
  on("market", "market", loadV2x);
  on("charger-power", "power", loadCurve);
  on("range-from", "from", loadPrices);
  on("range-to", "to", loadPrices);
  on("start-time", "start", loadPrices);
  on("currency", "currency", loadPrices);
  on("charge-point", "cp", loadPrices);
  combobox({
    input: $("vehicle-search"), list: $("vehicle-results"), status: $("vehicle-status"), noun: "car",
    search: async (q, signal) => (await api(`/v2/vehicles?q=${encodeURIComponent(q)}&page[size]=10`, { signal })).data,
    describe: (v) => ({ title: vehicleLabel(v), detail: `${number(v.attributes.usable_battery_size, 1)} kWh · ${v.attributes.release_year ?? ""}` }),
    pick: (v) => loadVehicle(v.id, true),
    onError: (error) => failed(error, "vehicle-status"),
  });
  combobox({
    input: $("station-search"), list: $("station-results"), status: $("station-status"), noun: "station",
    search: async (q, signal) => (await api(`/v1/charging_stations?q=${encodeURIComponent(q)}&page[size]=10`, { signal })).data,
    describe: (s) => ({ title: s.attributes.name, detail: `${s.attributes.address} · ${s.attributes.country}` }),
    pick: (s) => { state.cp = undefined; loadStation(s.id, true); },
    onError: (error) => failed(error, "station-status"),
  });
  window.addEventListener("popstate", () => restore(readState()));
  $("change-key").addEventListener("click", () => showKeyForm());
}

async function restore(wanted) {
  const next = { ...wanted }; // `wanted` may be `state` itself
  for (const name of Object.keys(state)) delete state[name];
  Object.assign(state, next);
  showControls();
  if (!next.vehicle) { vehicle = null; $("vehicle-view").hidden = true; }
  if (!next.station) { station = null; $("station-view").hidden = true; }
  // The car first, so that the station's default charge point is one the car can use; the old
  // station is put aside meanwhile so that it cannot overwrite the charge point in the URL.
  const newVehicle = next.vehicle && next.vehicle !== vehicle?.id;
  const newStation = next.station && next.station !== station?.id;
  if (newStation) station = null;
  if (newVehicle) await loadVehicle(next.vehicle);
  if (newStation) await loadStation(next.station);
  if (!newVehicle && !newStation) {
    if (vehicle) await Promise.all([loadV2x(), loadCurve()]);
    fillChargePoints();
    await loadPrices();
  }
}

async function start() {
  $("key-form").hidden = true;
  $("app").hidden = false;
  $("change-key").hidden = false;
  showControls();
  await restore(state);
  document.body.dataset.ready = "true";
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  storeKey($("key-input").value);
  try {
    await api("/v2/vehicle_brands?page[size]=1");
  } catch (error) {
    forgetKey(); // a refused key must not come back on the next visit
    showKeyForm(error.message);
    return;
  }
  $("key-input").value = "";
  await start();
});

function fillFixedOptions() {
  $("charger-power").replaceChildren(...CHARGER_POWERS_KW.map((kw) => el("option", { value: kw }, `${kw} kW`)));
  $("currency").replaceChildren(...CURRENCIES.map((code) => el("option", { value: code }, code)));
}

fillFixedOptions();
bindControls();
if (takeKeyFromFragment()) start(); else showKeyForm();
