// A station and its price table: the charge point to price, the session (the car's battery range,
// or energy and minutes without a car), and every tariff's price from POST /v1/charge_prices.
import { api } from "./api.js";
import { el, number, plugName, sourceLink } from "./format.js";
import { t } from "./i18n.js";
import { caption, chargePriceRequest, priceRows } from "./prices.js";

const $ = (id) => document.getElementById(id);
const isNumber = (text) => text !== "" && text !== undefined && Number.isFinite(Number(text));

/** What the station view needs from the page: its state, the car, and how to report. */
export function priceContext({ state, page, saveState, failed, begin, showStation }) {
  const context = { state, page, saveState, failed, begin, showStation };
  /** The session the controls describe, or the problem with them. */
  context.session = () => {
    const start = /^\d\d:\d\d$/.test(state.start || "") ? state.start.split(":").map(Number) : null;
    const startMin = start ? start[0] * 60 + start[1] : null;
    let problem = start ? null : t("session.chooseStart"), session;
    if (state.mode === "energy") {
      session = { energyKwh: Number(state.kwh), durationMin: Number(state.min) };
      if (!(isNumber(state.kwh) && isNumber(state.min) && session.energyKwh > 0 && session.durationMin > 0)) {
        problem = t("session.badEnergy");
      }
    } else {
      session = { fromPct: Number(state.from), toPct: Number(state.to) };
      if (!isNumber(state.from) || !isNumber(state.to)) problem = t("session.enterRange");
      else if (!(session.fromPct >= 0 && session.toPct <= 100 && session.fromPct < session.toPct)) problem = t("session.badRange");
    }
    return { session, startMin, problem };
  };
  return context;
}

const pointKey = (point) => `${point.plug}-${point.power}`;

// Which DC inlets take each DC plug (core/plugs.py); only picks the default charge point, the API
// still decides what can be priced.
const DC_FITS = {
  ccs: ["ccs", "tesla_ccs"], ccs1: ["ccs1"], chademo: ["chademo"], tesla_suc: ["tesla_suc", "nacs"],
  tesla_ccs: ["tesla_ccs"], nacs: ["nacs"],
};

function suits(vehicle, point) {
  if (!vehicle || point.energy_type === "ac") return true;
  return vehicle.attributes.dc_ports.some((port) => (DC_FITS[point.plug] || []).includes(port));
}

/** Open a station; `scroll` (chosen on the map) brings its table into view, else the map
 * moves to it. */
export async function loadStation(context, id, push = false, { scroll = false } = {}) {
  const { state, page } = context;
  const current = context.begin("station");
  $("station-status").classList.remove("error");
  let found;
  try {
    found = (await api(`/v1/charging_stations/${encodeURIComponent(id)}`)).data;
  } catch (error) { if (current()) context.failed(error, "station-status"); return; }
  if (!current()) return;
  page.station = found;
  const a = found.attributes;
  state.station = found.id;
  $("station-title").textContent = a.name;
  $("station-sample").hidden = !a.is_sample;
  $("station-address").textContent = `${a.address} · ${a.country}`;
  showSources(a);
  $("station-view").hidden = false;
  fillChargePoints(context);
  context.saveState(push);
  if (scroll) { $("station-title").scrollIntoView({ block: "start" }); $("station-title").focus({ preventScroll: true }); }
  else if (!state.at || push) context.showStation(found);
  await loadPrices(context);
}

/** A register's station names its publisher and licence, as the licence asks; a station
 * merged from several sources (the same physical station) names each that asks. */
function showSources(attributes) {
  const line = $("station-source");
  const sources = (attributes.data_sources || []).filter((s) => s.publisher);
  if (!sources.length && attributes.data_source) sources.push(attributes.data_source);
  line.hidden = !sources.length;
  if (!sources.length) return;
  const credit = (s) => [" (", sourceLink(s.licence, s.licence_url), ")"];
  const [first, ...others] = sources;
  line.replaceChildren(
    t("station.source", { publisher: first.publisher }), ...credit(first),
    ...others.flatMap((s) => ["; ", s.publisher, ...credit(s)]));
}

export function fillChargePoints(context) {
  const { state, page } = context;
  if (!page.station) return;
  const points = page.station.attributes.charge_points;
  $("charge-point").replaceChildren(...points.map((p) =>
    el("option", { value: pointKey(p) }, `${plugName(p.plug)} · ${number(p.power, 1)} kW${p.count > 1 ? ` (×${p.count})` : ""}`)));
  const usable = (p) => suits(state.mode === "car" ? page.vehicle : null, p);
  const chosen = points.find((p) => pointKey(p) === state.cp && usable(p)) || points.find(usable) || points[0];
  state.cp = pointKey(chosen);
  $("charge-point").value = state.cp;
}

export async function loadPrices(context) {
  const { state, page } = context;
  const current = context.begin("prices"); // before any return: an answer in flight is now stale
  const status = $("price-status");
  status.classList.remove("error");
  if (!page.station) return;
  $("price-table").hidden = true;
  const byCar = state.mode === "car";
  if (byCar && !page.vehicle) { status.textContent = t("prices.chooseCar"); return; }
  const { session, startMin, problem } = context.session();
  if (problem) { status.textContent = problem; status.classList.add("error"); return; }
  const chargePoint = page.station.attributes.charge_points.find((p) => pointKey(p) === state.cp);
  const request = chargePriceRequest({
    vehicle: byCar ? page.vehicle : null, station: page.station, chargePoint, session, startMin, currency: state.currency,
  });
  status.textContent = t("prices.pricing");
  let answer;
  try { answer = await api("/v1/charge_prices", { body: request }); } catch (error) { if (current()) context.failed(error, "price-status"); return; }
  if (!current()) return;
  const { priced, unpriced, meta } = priceRows(answer);
  $("price-caption").textContent = caption(meta, session, state.start);
  $("price-rows").replaceChildren(...priced);
  $("no-price-rows").replaceChildren(...unpriced);
  $("price-table").hidden = false;
  status.textContent = priced.length ? t("prices.count", { count: priced.length }) : t("prices.noneHere");
}
