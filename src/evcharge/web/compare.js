// Compare cars: up to three side by side, their DC curves overlaid in one plot, their 10 → 80 %
// times at the chosen charger power, and their V2X cards in the chosen market.
import { api } from "./api.js";
import { overlaySvg } from "./curve.js";
import { el, minutes, number } from "./format.js";
import { t } from "./i18n.js";
import { MAX_COMPARED } from "./state.js";
import { v2xTable, vehicleLabel } from "./vehicle.js";

export const comparedIds = (state) => (state.compare ? state.compare.split(",").filter(Boolean) : []);

/** `state.compare` with `id` added (at most three; the oldest leaves first) or removed. */
export function withCar(state, id) {
  const ids = comparedIds(state).filter((x) => x !== id);
  return [...ids, id].slice(-MAX_COMPARED).join(",");
}
export const withoutCar = (state, id) => comparedIds(state).filter((x) => x !== id).join(",");

async function time(car, powerKw) {
  if (car.attributes.dc_charging_curve === undefined) return t("compare.noCurveAccess");
  if (!car.attributes.dc_charging_curve?.length) return t("compare.noDc");
  const s = (await api(`/v2/vehicles/${car.id}/charging_session?power=${powerKw}&soc_from=10&soc_to=80`)).data.attributes;
  return { durationMin: s.duration_min, text: t("compare.time", { duration: minutes(s.duration_min), kw: number(powerKw, 0) }) };
}

async function v2x(car, market) {
  if (!["car", "van"].includes(car.type)) return el("p", {}, t("v2x.carsVansOnly"));
  const inMarket = car.attributes.markets.includes(market) ? market : car.attributes.markets[0];
  const answer = await api(`/evdatabase/${inMarket}/${car.type}/bidirectionalcharging/?evdb_vehicle_id=${car.attributes.evdb_vehicle_id}`);
  const note = el("p", { class: "note" }, t("compare.market", { market: inMarket.toUpperCase() }));
  return answer === null ? el("p", {}, t("v2x.notSold", { market: inMarket.toUpperCase() })) : el("div", {}, note, v2xTable(answer.result, { withPorts: false }));
}

/** The comparison for the cars in `state.compare`; `remove(id)` takes one out. */
export async function compareView(state, remove) {
  const ids = comparedIds(state);
  if (!ids.length) return [el("p", { class: "muted" }, t("compare.empty"))];
  const cars = (await Promise.all(ids.map((id) => api(`/v2/vehicles?filter[id]=${encodeURIComponent(id)}`))))
    .map((page) => page.data[0]).filter(Boolean);
  const power = Number(state.power);
  const [times, cards] = await Promise.all([
    Promise.all(cars.map((car) => time(car, power))),
    Promise.all(cars.map((car) => v2x(car, state.market))),
  ]);
  const series = cars.map((car) => ({ points: car.attributes.dc_charging_curve || [], label: vehicleLabel(car) }));
  const plot = overlaySvg(series, { chargerKw: power, label: t("compare.plotLabel", { cars: series.map((s) => s.label).join(", ") }) });
  const legend = el("ul", { class: "legend" }, series.map((s, i) => el("li", {}, el("span", { class: `swatch series-${i}` }), s.label)));
  const columns = el("div", { class: "compare-grid" }, cars.map((car, i) => {
    const close = el("button", { type: "button", class: "link", "aria-label": t("compare.removeCar", { car: vehicleLabel(car) }) }, t("compare.remove"));
    close.addEventListener("click", () => remove(car.id));
    const when = times[i];
    return el("section", { class: "sub compared", "data-testid": "compared-car", "data-vehicle-id": car.id },
      el("h3", {}, el("span", { class: `swatch series-${i}` }), vehicleLabel(car)),
      el("p", { class: "big", "data-testid": "compare-time", "data-duration-min": when.durationMin ?? "" }, when.text ?? when),
      cards[i], close);
  }));
  return [plot, legend, columns];
}
