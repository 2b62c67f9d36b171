// "My tariffs" (the tariffs the user has, kept in this browser) and the tariff filters: only my
// tariffs, no monthly fee. The price table asks the API to apply them (Chargeprice's client does
// the same: my tariffs with include "always", or "exclusive" when only they are wanted); the map
// sends the same choice of tariffs to the bulk endpoint.
import { api } from "./api.js";
import { el } from "./format.js";
import { t } from "./i18n.js";

const MINE = "evcharge.myTariffs", FILTERS = "evcharge.tariffFilters";
export const BULK_MAX_TARIFFS = 200;

function load(name, fallback) {
  try { return JSON.parse(localStorage.getItem(name)) ?? fallback; } catch { return fallback; }
}

export const mine = new Set(load(MINE, []));
export const filters = { onlyMine: false, noMonthlyFee: false, ...load(FILTERS, {}) };

export function saveTariffChoices() {
  localStorage.setItem(MINE, JSON.stringify([...mine]));
  localStorage.setItem(FILTERS, JSON.stringify(filters));
}

let catalogue = null;
/** Every tariff's metadata (GET /v1/tariffs), asked for once per visit. */
export function allTariffs() {
  catalogue ??= api("/v1/tariffs").then((doc) => doc.data).catch((error) => { catalogue = null; throw error; });
  return catalogue;
}

/** The options and relationship that carry the filters in a POST /v1/charge_prices body. */
export function chargePriceFilters() {
  const options = filters.noMonthlyFee ? { max_monthly_fees: 0 } : {};
  if (!mine.size) return { options, tariffs: null };
  const data = [...mine].map((id) => ({ id, type: "tariff" }));
  return { options, tariffs: { data, meta: { include: filters.onlyMine ? "exclusive" : "always" } } };
}

/** The tariffs the map prices over, with the same meaning as the price table's filters. */
export async function bulkTariffIds() {
  const tariffs = await allTariffs();
  if (filters.onlyMine && mine.size) return tariffs.filter((x) => mine.has(x.id)).map((x) => x.id);
  return tariffs
    .filter((x) => !filters.noMonthlyFee || !x.attributes.total_monthly_fee || mine.has(x.id))
    .map((x) => x.id);
}

/** Checkboxes, one per tariff, grouped by provider; `changed` runs after each tick. */
export function myTariffsList(tariffs, changed) {
  const sorted = [...tariffs].sort((a, b) =>
    `${a.attributes.provider} ${a.attributes.name}`.localeCompare(`${b.attributes.provider} ${b.attributes.name}`));
  return el("ul", { class: "checks", "data-testid": "my-tariffs-list" }, sorted.map((tariff) => {
    const box = el("input", { type: "checkbox", value: tariff.id, checked: mine.has(tariff.id) });
    box.addEventListener("change", () => {
      if (box.checked) mine.add(tariff.id); else mine.delete(tariff.id);
      saveTariffChoices();
      changed();
    });
    const fee = tariff.attributes.total_monthly_fee;
    return el("li", {}, el("label", {}, box, " ", tariff.attributes.name,
      el("small", { class: "muted" }, ` · ${tariff.attributes.provider}${fee ? ` · ${t("tariffs.hasMonthlyFee")}` : ""}`)));
  }));
}
