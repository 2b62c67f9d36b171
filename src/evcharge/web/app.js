// The page: find a car, see its V2X card and charging curve, compare cars, see prices on a map and
// at a station. Plain ES modules, no build step. Every control writes the URL, and the URL
// restores the view; the language, the API key and "my tariffs" stay in this browser.
import { api, forgetKey, isKeyProblem, storeKey, takeKeyFromFragment } from "./api.js";
import { combobox } from "./combobox.js";
import { comparedIds, compareView, withCar, withoutCar } from "./compare.js";
import { curveSvg, curveTable } from "./curve.js";
import { el, minutes, number } from "./format.js";
import { currentLanguage, LANGUAGES, setLanguage, t, translatePage } from "./i18n.js";
import { createMap, drawStations, showStation } from "./map.js";
import { CHARGER_POWERS_KW, CURRENCIES, readState, writeState } from "./state.js";
import { allTariffs, filters, mine, myTariffsList, saveTariffChoices } from "./tariffs.js";
import { curveProvenance, specsList, v2xTable, vehicleLabel } from "./vehicle.js";
import { loadPrices, loadStation, fillChargePoints, priceContext } from "./station.js";

const $ = (id) => document.getElementById(id);
const state = readState();
const page = { vehicle: null };
export const begin = (() => {
  // Each view keeps only its latest answer: a slow reply to an older choice is dropped.
  const runs = {};
  return (view) => { const run = (runs[view] = (runs[view] || 0) + 1); return () => runs[view] === run; };
})();

function showKeyForm(message) {
  $("app").hidden = true;
  $("key-form").hidden = false;
  $("key-error").hidden = !message;
  $("key-error").textContent = message || "";
  $("key-input").focus();
}

export function failed(error, statusId) {
  if (isKeyProblem(error)) { forgetKey(); showKeyForm(error.message); return; }
  $(statusId).textContent = error.message;
  $(statusId).classList.add("error");
}

const saveState = (push = false) => writeState(state, { push });
const context = priceContext({ state, page, saveState, failed, begin, showStation });

// --- the car -------------------------------------------------------------------------------

async function loadVehicle(id, push = false) {
  const current = begin("vehicle");
  $("vehicle-status").classList.remove("error");
  let found;
  try {
    const result = await api(`/v2/vehicles?filter[id]=${encodeURIComponent(id)}`);
    if (!result.data.length) throw new Error(t("car.noSuch", { id }));
    found = result.data[0];
  } catch (error) { if (current()) failed(error, "vehicle-status"); return; }
  if (!current()) return;
  page.vehicle = found;
  state.vehicle = found.id;
  const markets = found.attributes.markets;
  if (!markets.includes(state.market)) state.market = markets[0];
  saveState(push);
  showVehicle();
  fillChargePoints(context);
  await Promise.all([loadV2x(), loadCurve(), loadPrices(context), loadMap()]);
}

function showVehicle() {
  const vehicle = page.vehicle;
  $("vehicle-title").textContent = vehicleLabel(vehicle);
  $("vehicle-specs").replaceChildren(...specsList(vehicle));
  $("market").replaceChildren(...vehicle.attributes.markets.map((m) => el("option", { value: m }, m.toUpperCase())));
  $("market").value = state.market;
  $("vehicle-view").hidden = false;
}

async function loadV2x() {
  const current = begin("v2x");
  const body = $("v2x-body"), vehicle = page.vehicle;
  if (!["car", "van"].includes(vehicle.type)) { body.replaceChildren(el("p", {}, t("v2x.carsVansOnly"))); return; }
  const path = `/evdatabase/${state.market}/${vehicle.type}/bidirectionalcharging/` +
    `?evdb_vehicle_id=${vehicle.attributes.evdb_vehicle_id}`;
  try {
    const answer = await api(path);
    if (!current()) return;
    body.replaceChildren(answer === null
      ? el("p", {}, t("v2x.notSold", { market: state.market.toUpperCase() })) : v2xTable(answer.result));
  } catch (error) {
    if (!current()) return;
    if (isKeyProblem(error)) { failed(error, "vehicle-status"); return; }
    body.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

async function loadCurve() {
  const current = begin("curve");
  const vehicle = page.vehicle, curve = vehicle.attributes.dc_charging_curve, power = Number(state.power);
  $("charger-power").value = state.power;
  $("charge-time").textContent = "";
  $("curve-provenance").replaceChildren();
  delete $("charge-time").dataset.durationMin;
  if (curve === undefined) { $("curve-body").replaceChildren(el("p", {}, t("curve.noAccess"))); return; }
  if (!curve || !curve.length) { $("curve-body").replaceChildren(el("p", {}, t("curve.noDc"))); return; }
  const label = t("curve.label", { car: vehicleLabel(vehicle) });
  $("curve-body").replaceChildren(curveSvg(curve, { chargerKw: power, fromPct: 10, toPct: 80, label }), curveTable(curve));
  $("curve-provenance").replaceChildren(curveProvenance(vehicle.attributes));
  try {
    const session = await api(`/v2/vehicles/${vehicle.id}/charging_session?power=${power}&soc_from=10&soc_to=80`);
    if (!current()) return;
    const s = session.data.attributes;
    $("charge-time").textContent = t("curve.time", {
      duration: minutes(s.duration_min), kw: number(power, 0), energy: number(s.battery_energy_kwh, 1),
      average: number(s.average_power_kw, 0),
    });
    $("charge-time").dataset.durationMin = s.duration_min;
  } catch (error) { if (current()) $("charge-time").textContent = error.message; }
}

// --- compare cars ----------------------------------------------------------------------------

async function loadCompare() {
  const current = begin("compare");
  $("compare-view").hidden = !comparedIds(state).length && !$("compare-view").dataset.opened;
  $("compare-status").classList.remove("error");
  try {
    const parts = await compareView(state, (id) => { state.compare = withoutCar(state, id); saveState(); loadCompare(); });
    if (current()) $("compare-body").replaceChildren(...parts);
  } catch (error) { if (current()) failed(error, "compare-status"); }
}

function compare(id) {
  state.compare = withCar(state, id);
  $("compare-view").dataset.opened = "true";
  saveState(true);
  return loadCompare();
}

// --- the map ---------------------------------------------------------------------------------

async function loadMap() {
  const current = begin("map");
  const status = $("map-status");
  status.classList.remove("error");
  const priced = context.session();
  const byCar = state.mode === "car" && page.vehicle && !priced.problem;
  // Why there are no prices on the pins, when there are none.
  const why = state.mode === "energy" ? t("map.energyMode") : page.vehicle ? priced.problem : null;
  try {
    const said = await drawStations({
      vehicle: byCar ? page.vehicle : null, why,
      session: priced.session, currency: state.currency, startMin: priced.startMin,
      pick: (station) => { state.cp = undefined; loadStation(context, station.id, true, { scroll: true }); },
    });
    if (said !== null && current()) status.textContent = said;
  } catch (error) { if (current()) failed(error, "map-status"); }
}

// --- my tariffs and filters -----------------------------------------------------------------

async function loadMyTariffs() {
  $("my-count").textContent = String(mine.size);
  $("no-monthly-fee").checked = filters.noMonthlyFee;
  $("only-mine").checked = filters.onlyMine;
  try {
    const tariffs = await allTariffs();
    $("my-tariffs-body").replaceChildren(myTariffsList(tariffs, () => {
      $("my-count").textContent = String(mine.size);
      pricesChanged();
    }));
  } catch (error) { $("my-tariffs-body").replaceChildren(el("p", { class: "error" }, error.message)); }
}

function pricesChanged() { loadPrices(context); loadMap(); }

// --- wiring ---------------------------------------------------------------------------------

function bindControls() {
  const on = (id, name, then) => $(id).addEventListener("change", () => {
    state[name] = $(id).value;
    if (name === "start") state.startChosen = true;
    saveState();
    then();
  });
  on("market", "market", () => { loadV2x(); loadCompare(); });
  on("charger-power", "power", () => { loadCurve(); loadCompare(); });
  for (const [id, name] of [["range-from", "from"], ["range-to", "to"], ["energy", "kwh"], ["minutes", "min"],
    ["start-time", "start"], ["currency", "currency"]]) on(id, name, pricesChanged);
  on("charge-point", "cp", () => loadPrices(context));
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", () => { state.mode = radio.value; showControls(); saveState(); pricesChanged(); });
  }
  for (const [id, name] of [["no-monthly-fee", "noMonthlyFee"], ["only-mine", "onlyMine"]]) {
    $(id).addEventListener("change", () => { filters[name] = $(id).checked; saveTariffChoices(); pricesChanged(); });
  }
  const searchCars = async (q, signal) => (await api(`/v2/vehicles?q=${encodeURIComponent(q)}&page[size]=10`, { signal })).data;
  const describeCar = (v) => ({ title: vehicleLabel(v), detail: `${number(v.attributes.usable_battery_size, 1)} kWh · ${v.attributes.release_year ?? ""}` });
  combobox({
    input: $("vehicle-search"), list: $("vehicle-results"), status: $("vehicle-status"), noun: "car",
    search: searchCars, describe: describeCar, pick: (v) => loadVehicle(v.id, true),
    onError: (error) => failed(error, "vehicle-status"),
  });
  combobox({
    input: $("compare-search"), list: $("compare-results"), status: $("compare-status"), noun: "car",
    search: searchCars, describe: describeCar, pick: (v) => { $("compare-search").value = ""; compare(v.id); },
    onError: (error) => failed(error, "compare-status"),
  });
  combobox({
    input: $("station-search"), list: $("station-results"), status: $("station-status"), noun: "station",
    search: async (q, signal) => (await api(`/v1/charging_stations?q=${encodeURIComponent(q)}&page[size]=10`, { signal })).data,
    describe: (s) => ({ title: s.attributes.name, detail: `${s.attributes.address} · ${s.attributes.country}` }),
    pick: (s) => { state.cp = undefined; loadStation(context, s.id, true); },
    onError: (error) => failed(error, "station-status"),
  });
  $("compare-add").addEventListener("click", () => { compare(page.vehicle.id); $("compare-view").scrollIntoView(); });
  $("language").addEventListener("change", () => { setLanguage($("language").value); refresh(); });
  window.addEventListener("popstate", () => restore(readState()));
  $("change-key").addEventListener("click", () => showKeyForm());
}

function showControls() {
  $("range-from").value = state.from;
  $("range-to").value = state.to;
  $("energy").value = state.kwh;
  $("minutes").value = state.min;
  $("start-time").value = state.start;
  $("currency").value = state.currency;
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.checked = radio.value === state.mode;
  document.body.dataset.mode = state.mode;
}

/** Draw everything again in the chosen language (no new choices). */
async function refresh() {
  fillFixedOptions();
  if (page.vehicle) showVehicle();
  await Promise.all([page.vehicle ? loadV2x() : null, page.vehicle ? loadCurve() : null, loadCompare(),
    loadPrices(context), loadMap(), loadMyTariffs()]);
}

async function restore(wanted) {
  const next = { ...wanted }; // `wanted` may be `state` itself
  for (const name of Object.keys(state)) delete state[name];
  Object.assign(state, next);
  showControls();
  if (!next.vehicle) { page.vehicle = null; $("vehicle-view").hidden = true; }
  if (!next.station) { page.station = null; $("station-view").hidden = true; }
  // The car first, so that the station's default charge point is one the car can use; the old
  // station is put aside meanwhile so that it cannot overwrite the charge point in the URL.
  const newVehicle = next.vehicle && next.vehicle !== page.vehicle?.id;
  const newStation = next.station && next.station !== page.station?.id;
  if (newStation) page.station = null;
  const compared = loadCompare();
  if (newVehicle) await loadVehicle(next.vehicle);
  if (newStation) await loadStation(context, next.station);
  if (!newVehicle && !newStation) {
    if (page.vehicle) await Promise.all([loadV2x(), loadCurve()]);
    fillChargePoints(context);
    await Promise.all([loadPrices(context), loadMap()]);
  } else if (!newVehicle) await loadMap();
  await compared;
}

async function start() {
  $("key-form").hidden = true;
  $("app").hidden = false;
  $("change-key").hidden = false;
  showControls();
  createMap($("map"), state.at, (at) => { state.at = at; saveState(); loadMap(); });
  loadMyTariffs();
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
  const power = $("charger-power").value || state.power;
  $("charger-power").replaceChildren(...CHARGER_POWERS_KW.map((kw) => el("option", { value: kw }, `${kw} kW`)));
  $("charger-power").value = power;
  if (!$("currency").options.length) $("currency").replaceChildren(...CURRENCIES.map((code) => el("option", { value: code }, code)));
  $("language").replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => el("option", { value: code, lang: code }, name)));
  $("language").value = currentLanguage();
}

translatePage();
fillFixedOptions();
bindControls();
if (takeKeyFromFragment()) start(); else showKeyForm();
