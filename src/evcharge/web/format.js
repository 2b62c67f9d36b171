// Number and text formatting, in the chosen language (i18n.js).
import { locale, t } from "./i18n.js";

export function money(amount, currency, digits = 2) {
  return new Intl.NumberFormat(locale(), {
    style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(amount);
}

export function number(value, digits = 1) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function minutes(totalMin) {
  const rounded = Math.round(totalMin);
  if (rounded < 60) return t("unit.min", { n: rounded });
  return t("unit.hMin", { h: Math.floor(rounded / 60), min: String(rounded % 60).padStart(2, "0") });
}

/** "HH:MM" plus `addMin` minutes, on a 24-hour clock. */
export function clockAfter(start, addMin) {
  const [h, m] = start.split(":").map(Number);
  const total = (h * 60 + m + Math.round(addMin)) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

export const PLUG_NAMES = {
  ccs: "CCS", ccs1: "CCS1", chademo: "CHAdeMO", type2: "Type 2", type1: "Type 1",
  type3: "Type 3", schuko: "Schuko", tesla_ccs: "Tesla CCS", tesla_suc: "Tesla Supercharger",
  nacs: "NACS",
};
export const plugName = (plug) => PLUG_NAMES[plug] || plug;

/** An element with attributes and children; strings become text nodes (never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// URLs come from imported data: only http(s) becomes a link (never javascript:).
export function safeUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A link to an outside source when its URL is http(s), else the plain text. */
export function sourceLink(text, href) {
  const url = safeUrl(href);
  return url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, text) : text;
}
