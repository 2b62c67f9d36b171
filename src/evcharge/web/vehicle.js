// The vehicle view: specifications and the V2X card.
import { el, minutes, number, plugName, sourceLink } from "./format.js";

export const vehicleLabel = (v) => `${v.attributes.brand} ${v.attributes.model} ${v.attributes.variant}`.trim();

export function specsList(vehicle) {
  const a = vehicle.attributes;
  const rows = [
    ["Type", a.ev_type === "bev" ? "Battery electric" : "Plug-in hybrid"],
    ["Released", a.release_year ?? "unknown"],
    ["Usable battery", `${number(a.usable_battery_size, 1)} kWh`],
    ["AC charging", `${number(a.ac_max_power, 1)} kW, ${a.ac_phases}-phase (${a.ac_ports.map(plugName).join(", ") || "none"})`],
    ["DC charging", a.dc_max_power ? `${number(a.dc_max_power, 0)} kW (${a.dc_ports.map(plugName).join(", ")})` : "none"],
    ["Consumption", a.energy_consumption.average_consumption ? `${number(a.energy_consumption.average_consumption, 1)} kWh/100 km` : "unknown"],
    ["Markets", a.markets.map((m) => m.toUpperCase()).join(", ")],
    ["EV Database id", a.evdb_vehicle_id],
  ];
  return rows.map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, String(value))));
}

const MODES = [
  ["Vehicle-to-load (V2L)", "vehicle_to_load", true],
  ["Vehicle-to-home, AC", "vehicle_to_home_ac", false],
  ["Vehicle-to-home, DC", "vehicle_to_home_dc", false],
  ["Vehicle-to-grid, AC", "vehicle_to_grid_ac", false],
  ["Vehicle-to-grid, DC", "vehicle_to_grid_dc", false],
];

function statusClass(status) {
  if (status === "Available" || status === "Standard") return "status-ok";
  if (/not/i.test(status)) return "status-no";
  return "status-soon";
}

function ports(result, prefix) {
  const parts = [];
  if (result[`${prefix}_exterior_port_details`]) parts.push(`outside: ${result[`${prefix}_exterior_port_details`]}`);
  if (result[`${prefix}_interior_port_details`]) parts.push(`inside: ${result[`${prefix}_interior_port_details`]}`);
  return parts.join("; ") || "—";
}

/** The V2X table for one market's result (the EV Database envelope's `result`). */
export function v2xTable(result) {
  return el("table", {},
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, "Mode"), el("th", { scope: "col" }, "Status"),
      el("th", { scope: "col", class: "num" }, "Power"), el("th", { scope: "col" }, "Ports"))),
    el("tbody", {}, MODES.map(([label, prefix, hasPorts]) => {
      const status = result[`${prefix}_support_status`];
      const power = result[`${prefix}_power_output_kw`];
      return el("tr", { "data-mode": prefix },
        el("th", { scope: "row" }, label),
        el("td", { class: statusClass(status) }, status),
        el("td", { class: "num" }, power == null ? "—" : `${number(power, 1)} kW`),
        el("td", {}, hasPorts ? ports(result, prefix) : "—"));
    })));
}

/** How the curve was obtained, and the maker's own figure when there is one. */
export function curveProvenance(attributes) {
  const ref = attributes.reference_charge;
  const figure = ref ? [
    `The maker says ${number(ref.soc_from_pct, 0)} → ${number(ref.soc_to_pct, 0)} % in ` +
      `${minutes(ref.duration_min)} at a ${number(ref.charger_power_kw, 0)} kW charger (`,
    sourceLink("source", ref.source_url), `, as of ${ref.as_of}).`,
  ] : [];
  switch (attributes.curve_provenance) {
    case "measured":
      return el("p", { "data-provenance": "measured" }, "Curve measured on the car. ", ...figure);
    case "fitted_to_published":
      return el("p", { "data-provenance": "fitted_to_published" },
        "Curve fitted to the maker's published charge time. ", ...figure);
    default:
      return el("p", { "data-provenance": "default" },
        "Estimated curve: no measurement and no maker's figure, so times may be off.");
  }
}
