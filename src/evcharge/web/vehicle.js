// The vehicle view: specifications and the V2X card.
import { el, minutes, number, plugName, sourceLink } from "./format.js";
import { t } from "./i18n.js";

export const vehicleLabel = (v) => `${v.attributes.brand} ${v.attributes.model} ${v.attributes.variant}`.trim();

export function specsList(vehicle) {
  const a = vehicle.attributes;
  const none = t("spec.none");
  const rows = [
    [t("spec.type"), a.ev_type === "bev" ? t("spec.bev") : t("spec.phev")],
    [t("spec.released"), a.release_year ?? t("spec.unknown")],
    [t("spec.battery"), `${number(a.usable_battery_size, 1)} kWh`],
    [t("spec.ac"), t("spec.acValue", { kw: number(a.ac_max_power, 1), phases: a.ac_phases, ports: a.ac_ports.map(plugName).join(", ") || none })],
    [t("spec.dc"), a.dc_max_power ? `${number(a.dc_max_power, 0)} kW (${a.dc_ports.map(plugName).join(", ")})` : none],
    [t("spec.consumption"), a.energy_consumption.average_consumption ? `${number(a.energy_consumption.average_consumption, 1)} kWh/100 km` : t("spec.unknown")],
    [t("spec.markets"), a.markets.map((m) => m.toUpperCase()).join(", ")],
    [t("spec.evdbId"), a.evdb_vehicle_id],
  ];
  return rows.map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, String(value))));
}

const MODES = [
  ["v2x.v2l", "vehicle_to_load", true],
  ["v2x.v2hAc", "vehicle_to_home_ac", false],
  ["v2x.v2hDc", "vehicle_to_home_dc", false],
  ["v2x.v2gAc", "vehicle_to_grid_ac", false],
  ["v2x.v2gDc", "vehicle_to_grid_dc", false],
];
const STATUSES = { Available: "v2x.available", "Not Available": "v2x.notAvailable", Announced: "v2x.announced", Unknown: "v2x.unknown", Standard: "v2x.standard" };

function statusClass(status) {
  if (status === "Available" || status === "Standard") return "status-ok";
  if (/not/i.test(status)) return "status-no";
  return "status-soon";
}

function ports(result, prefix) {
  const parts = [];
  if (result[`${prefix}_exterior_port_details`]) parts.push(`${t("v2x.outside")}: ${result[`${prefix}_exterior_port_details`]}`);
  if (result[`${prefix}_interior_port_details`]) parts.push(`${t("v2x.inside")}: ${result[`${prefix}_interior_port_details`]}`);
  return parts.join("; ") || "—";
}

/** The V2X table for one market's result (the EV Database envelope's `result`). */
export function v2xTable(result, { withPorts = true } = {}) {
  return el("table", { class: "v2x" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, t("v2x.mode")), el("th", { scope: "col" }, t("v2x.status")),
      el("th", { scope: "col", class: "num" }, t("v2x.power")), withPorts ? el("th", { scope: "col" }, t("v2x.ports")) : null)),
    el("tbody", {}, MODES.map(([key, prefix, hasPorts]) => {
      const status = result[`${prefix}_support_status`];
      const power = result[`${prefix}_power_output_kw`];
      return el("tr", { "data-mode": prefix },
        el("th", { scope: "row" }, t(key)),
        el("td", { class: statusClass(status), "data-status": status }, STATUSES[status] ? t(STATUSES[status]) : status),
        el("td", { class: "num" }, power == null ? "—" : `${number(power, 1)} kW`),
        withPorts ? el("td", {}, hasPorts ? ports(result, prefix) : "—") : null);
    })));
}

/** A maker's "range added in N minutes", the window we read it as, and whose start that is. */
function rangeFigure(ref) {
  const range = ref.range_added;
  const window = t("curve.rangeWindow", { from: number(ref.soc_from_pct, 0), to: number(ref.soc_to_pct, 0) });
  const start = range.start_soc_stated ? "" : `, ${t("curve.startAssumed", { from: number(ref.soc_from_pct, 0) })}`;
  return `${t("curve.makerSaysRange", {
    distance: number(range.added_distance, 0), unit: range.distance_unit, basis: range.basis.toUpperCase(),
    duration: minutes(ref.duration_min), kw: number(ref.charger_power_kw, 0),
  })}; ${window}${start}`;
}

/** How the curve was obtained, and the maker's own figure when there is one. */
export function curveProvenance(attributes) {
  const ref = attributes.reference_charge;
  const figure = ref ? [
    ref.kind === "range_added" ? rangeFigure(ref) : t("curve.makerSays", {
      from: number(ref.soc_from_pct, 0), to: number(ref.soc_to_pct, 0),
      duration: minutes(ref.duration_min), kw: number(ref.charger_power_kw, 0),
    }), " (", sourceLink(t("curve.source"), ref.source_url), `, ${t("curve.asOf", { date: ref.as_of })}).`,
  ] : [];
  switch (attributes.curve_provenance) {
    case "measured":
      return el("p", { "data-provenance": "measured" }, t("curve.measured"), " ", ...figure);
    case "fitted_to_published":
      return el("p", { "data-provenance": "fitted_to_published" }, t("curve.fitted"), " ", ...figure);
    default:
      return el("p", { "data-provenance": "default" }, t("curve.estimated"));
  }
}
