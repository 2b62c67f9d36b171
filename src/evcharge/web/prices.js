// The price table: every tariff's price at one charge point, cheapest first, then the tariffs
// without a price and why. The API already sorts; we keep its order.
import { el, minutes, money, number, safeUrl } from "./format.js";

const PART_NAMES = { kwh: "energy", minute: "time", session: "session fee", blocking: "blocking fee" };

export function chargePriceRequest({ vehicle, station, chargePoint, fromPct, toPct, startMin, currency }) {
  const a = station.attributes;
  return {
    data: {
      type: "charge_price_request",
      attributes: {
        data_adapter: "chargeprice",
        station: {
          longitude: a.longitude, latitude: a.latitude, country: a.country,
          network: station.relationships.operator.data.id,
          charge_points: [{ power: chargePoint.power, plug: chargePoint.plug }],
        },
        options: {
          battery_range: [fromPct, toPct], start_time: startMin, currency,
          show_price_unavailable: true,
        },
      },
      relationships: { vehicle: { data: { id: vehicle.id, type: vehicle.type } } },
    },
  };
}

function breakdown(price, distribution, currency) {
  const parts = Object.entries(distribution).filter(([, share]) => share > 0);
  if (!parts.length) return "—";
  return parts.map(([part, share]) => `${PART_NAMES[part] || part} ${money(price * share, currency)}`).join(" + ");
}

function tariffCell(attributes, cheapest) {
  const name = attributes.tariff_name || attributes.provider;
  const url = safeUrl(attributes.url);
  return el("td", {},
    url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, name) : name,
    cheapest ? el("span", { class: "badge" }, "Cheapest") : null,
    el("small", { class: "muted block" }, [
      attributes.provider,
      attributes.is_roaming ? " · roaming" : "",
      attributes.direct_payment ? " · pay at the charger" : "",
    ].join("")));
}

/** Rows for the priced tariffs and for those without a price, from a charge_prices document. */
export function priceRows(document) {
  const meta = document.meta.charge_points[0];
  const priced = [], unpriced = [];
  for (const resource of document.data) {
    const a = resource.attributes;
    const point = a.charge_point_prices[0];
    if (point.price === null) {
      unpriced.push(el("tr", { "data-tariff-id": resource.id },
        tariffCell(a, false), el("td", { colspan: 4 }, point.no_price_reason || "no price")));
      continue;
    }
    const cheapest = priced.length === 0;
    priced.push(el("tr", {
      "data-tariff-id": resource.id, "data-price": point.price, class: cheapest ? "cheapest" : null,
    },
      tariffCell(a, cheapest),
      el("td", { class: "num", "data-testid": "price" }, money(point.price, a.currency)),
      el("td", { class: "num" }, meta.energy ? money(point.price / meta.energy, a.currency, 3) : "—"),
      el("td", {}, breakdown(point.price, point.price_distribution, a.currency)),
      el("td", { class: "num" }, a.total_monthly_fee ? money(a.total_monthly_fee, a.currency) : "none")));
  }
  if (unpriced.length) {
    unpriced.unshift(el("tr", { class: "group" }, el("th", { colspan: 5, scope: "rowgroup" }, "Tariffs without a price here")));
  }
  return { priced, unpriced, meta };
}

export function caption(meta, fromPct, toPct) {
  return `${fromPct} → ${toPct} %: ${number(meta.energy, 1)} kWh from the grid ` +
    `(${number(meta.battery_energy, 1)} kWh into the battery) in ${minutes(meta.duration)}. Cheapest first.`;
}
