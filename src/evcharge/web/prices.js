// The price table: every tariff's price at one charge point, cheapest first, then the tariffs
// without a price and why. The API already sorts; we keep its order. Tariffs tied for the lowest
// price all carry the "Cheapest" badge.
import { clockAfter, el, minutes, money, number, safeUrl } from "./format.js";
import { t } from "./i18n.js";
import { chargePriceFilters, mine } from "./tariffs.js";

const PARTS = ["kwh", "minute", "session", "blocking"];

/** The POST /v1/charge_prices body: for the car over a battery range, or (car-less) for an
 * amount of energy over some minutes. */
export function chargePriceRequest({ vehicle, station, chargePoint, session, startMin, currency }) {
  const a = station.attributes;
  const { options, tariffs } = chargePriceFilters();
  const amount = vehicle
    ? { battery_range: [session.fromPct, session.toPct] }
    : { energy: session.energyKwh, duration: session.durationMin };
  const relationships = {};
  if (tariffs) relationships.tariffs = tariffs;
  if (vehicle) relationships.vehicle = { data: { id: vehicle.id, type: vehicle.type } };
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
        options: { ...amount, start_time: startMin, currency, show_price_unavailable: true, ...options },
      },
      relationships,
    },
  };
}

function breakdown(price, distribution, currency) {
  const parts = Object.entries(distribution).filter(([, share]) => share > 0);
  if (!parts.length) return "—";
  return parts.map(([part, share]) =>
    `${PARTS.includes(part) ? t(`part.${part}`) : part} ${money(price * share, currency)}`).join(" + ");
}

function tags(attributes) {
  if (!attributes.tags.length) return null;
  return el("ul", { class: "tags", "data-testid": "tariff-tags" }, attributes.tags.map((tag) => {
    const url = safeUrl(tag.url);
    const text = url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, tag.text) : tag.text;
    return el("li", { class: `tag tag-${/^[a-z]+$/.test(tag.kind) ? tag.kind : "info"}`, "data-kind": tag.kind }, text);
  }));
}

function tariffCell(resource, cheapest) {
  const a = resource.attributes;
  const name = a.tariff_name || a.provider;
  const url = safeUrl(a.url);
  const tariffId = resource.relationships?.tariff?.data?.id ?? resource.id;
  return el("td", { class: "tariff" },
    url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, name) : name,
    cheapest ? el("span", { class: "badge" }, t("prices.cheapest")) : null,
    mine.has(tariffId) ? el("span", { class: "badge mine" }, t("prices.mine")) : null,
    el("small", { class: "muted block" }, [
      a.provider,
      a.is_roaming ? ` · ${t("prices.roaming")}` : "",
      a.direct_payment ? ` · ${t("prices.payAtCharger")}` : "",
      a.provider_customer_tariff ? ` · ${t("prices.customersOnly")}` : "",
    ].join("")),
    tags(a));
}

// On a narrow screen each row becomes a card; the headings come back as labels (CSS ::before).
const cell = (label, attributes, ...children) => el("td", { "data-label": label, ...attributes }, ...children);

/** Rows for the priced tariffs and for those without a price, from a charge_prices document. */
export function priceRows(document) {
  const meta = document.meta.charge_points[0];
  const priced = [], unpriced = [];
  const prices = document.data.map((r) => r.attributes.charge_point_prices[0].price).filter((p) => p !== null);
  const lowest = prices.length ? Math.min(...prices) : null;
  for (const resource of document.data) {
    const a = resource.attributes;
    const point = a.charge_point_prices[0];
    if (point.price === null) {
      unpriced.push(el("tr", { "data-tariff-id": resource.id },
        tariffCell(resource, false), el("td", { colspan: 4, class: "reason" }, point.no_price_reason || t("prices.noPrice"))));
      continue;
    }
    const cheapest = point.price === lowest;
    priced.push(el("tr", {
      "data-tariff-id": resource.id, "data-price": point.price, class: cheapest ? "cheapest" : null,
    },
      tariffCell(resource, cheapest),
      cell(t("prices.price"), { class: "num", "data-testid": "price" }, money(point.price, a.currency)),
      cell(t("prices.perKwh"), { class: "num" }, meta.energy ? money(point.price / meta.energy, a.currency, 3) : "—"),
      cell(t("prices.breakdown"), {}, breakdown(point.price, point.price_distribution, a.currency)),
      cell(t("prices.monthlyFee"), { class: "num" }, a.total_monthly_fee ? money(a.total_monthly_fee, a.currency) : t("prices.none"))));
  }
  if (unpriced.length) {
    unpriced.unshift(el("tr", { class: "group" }, el("th", { colspan: 5, scope: "rowgroup" }, t("prices.withoutPrice"))));
  }
  return { priced, unpriced, meta };
}

export function caption(meta, session, start) {
  const values = {
    energy: number(meta.energy, 1), battery: number(meta.battery_energy, 1), duration: minutes(meta.duration),
    start, end: clockAfter(start, meta.duration),
  };
  return session.fromPct === undefined
    ? t("prices.captionEnergy", values)
    : t("prices.captionCar", { ...values, from: session.fromPct, to: session.toPct });
}
