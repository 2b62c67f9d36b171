// The page's own text in the languages the API speaks (core/locale.py). The browser's languages
// choose one; the user may pick another, which this browser keeps. Numbers, money and times are
// written the way the chosen language writes them; API calls ask for it too (Accept-Language),
// so tariff tags and no-price reasons match the headings.
import { STRINGS } from "./strings.js";

export const LANGUAGES = { en: "English", de: "Deutsch", fr: "Français", nl: "Nederlands", da: "Dansk" };
const STORE = "evcharge.language";

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

/** The first of the browser's languages that we speak, else English. */
export function browserLanguage(preferred = navigator.languages || [navigator.language]) {
  for (const tag of preferred) {
    const primary = String(tag).toLowerCase().split("-")[0];
    if (primary in LANGUAGES) return primary;
  }
  return "en";
}

let language = stored() in LANGUAGES ? stored() : browserLanguage();

export const currentLanguage = () => language;

/** The locale for Intl: the browser's own variant of the chosen language (en-GB), if it has one. */
export function locale() {
  const own = (navigator.languages || []).find((tag) => tag.toLowerCase().split("-")[0] === language);
  return own || language;
}

/** The text for `key` in the chosen language, with `{name}` filled from `values`. */
export function t(key, values = {}) {
  const entry = STRINGS[key];
  if (!entry) throw new Error(`no text for ${key}`);
  const text = entry[language] ?? entry.en;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Write the static text of the page: elements marked data-i18n (text) or data-i18n-<attr>. */
export function translatePage(root = document) {
  document.documentElement.lang = language;
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const attr of ["placeholder", "aria-label", "title"]) {
    const data = `i18n${attr.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
    for (const node of root.querySelectorAll(`[data-i18n-${attr}]`)) node.setAttribute(attr, t(node.dataset[data]));
  }
}

export function setLanguage(next) {
  if (!(next in LANGUAGES)) return;
  language = next;
  try { localStorage.setItem(STORE, next); } catch { /* private mode: this visit only */ }
  translatePage();
}
