// What the page shows lives in the URL's query, so any view can be shared or bookmarked. Values
// from a URL are checked here: a hand-edited link falls back to defaults, never to NaN.
const NAMES = [
  "vehicle", "market", "power", "compare", "mode", "station", "cp", "from", "to", "kwh", "min",
  "start", "currency", "at",
];
export const CHARGER_POWERS_KW = ["50", "100", "150", "200", "300", "350"];
export const CURRENCIES = ["EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF"];
export const MAX_COMPARED = 3;
export const DEFAULTS = { power: "150", from: "20", to: "80", mode: "car", kwh: "30", min: "30", currency: "EUR" };

const percent = (v) => /^\d{1,3}(\.\d+)?$/.test(v) && Number(v) <= 100;
const positive = (v) => /^\d{1,4}(\.\d+)?$/.test(v) && Number(v) > 0;
const VALID = {
  power: (v) => CHARGER_POWERS_KW.includes(v),
  from: percent,
  to: percent,
  kwh: (v) => positive(v) && Number(v) <= 1000,
  min: (v) => positive(v) && Number(v) <= 10080,
  mode: (v) => v === "car" || v === "energy",
  start: (v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v),
  currency: (v) => CURRENCIES.includes(v),
  market: (v) => /^(uk|eu|us)$/.test(v),
  at: (v) => /^\d{1,2}\/-?\d{1,2}(\.\d+)?\/-?\d{1,3}(\.\d+)?$/.test(v),
  compare: (v) => v.split(",").length <= MAX_COMPARED,
};

/** The local time now, as the app uses it for the start of a session ("HH:MM"). */
export function now(date = new Date()) {
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** The URL's state over the defaults; invalid values are dropped. */
export function readState() {
  const query = new URLSearchParams(location.search);
  const state = { ...DEFAULTS, start: now() };
  for (const name of NAMES) {
    const value = query.get(name);
    if (value !== null && value !== "" && (VALID[name] || (() => true))(value)) state[name] = value;
  }
  state.startChosen = query.has("start") && state.start === query.get("start");
  return state;
}

/** Put `state` in the address bar; `push` makes a history entry (a new car or station). The
 * start time goes in only once chosen: a link opened later starts "now" again. */
export function writeState(state, { push = false } = {}) {
  const query = new URLSearchParams();
  for (const name of NAMES) {
    const value = state[name];
    if (name === "start" && !state.startChosen) continue;
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const text = query.toString();
  const url = text ? `?${text}` : location.pathname;
  if (url === location.search) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}
