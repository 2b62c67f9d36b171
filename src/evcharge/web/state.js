// What the page shows lives in the URL's query, so any view can be shared or bookmarked. Values
// from a URL are checked here: a hand-edited link falls back to defaults, never to NaN.
const NAMES = ["vehicle", "market", "power", "station", "cp", "from", "to", "start", "currency"];
export const CHARGER_POWERS_KW = ["50", "100", "150", "200", "300", "350"];
export const CURRENCIES = ["EUR", "GBP", "USD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF"];
export const DEFAULTS = { power: "150", from: "20", to: "80", start: "12:00", currency: "EUR" };

const percent = (v) => /^\d{1,3}(\.\d+)?$/.test(v) && Number(v) <= 100;
const VALID = {
  power: (v) => CHARGER_POWERS_KW.includes(v),
  from: percent,
  to: percent,
  start: (v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v),
  currency: (v) => CURRENCIES.includes(v),
  market: (v) => /^(uk|eu|us)$/.test(v),
};

/** The URL's state over the defaults; invalid values are dropped. */
export function readState() {
  const query = new URLSearchParams(location.search);
  const state = { ...DEFAULTS };
  for (const name of NAMES) {
    const value = query.get(name);
    if (value !== null && value !== "" && (VALID[name] || (() => true))(value)) state[name] = value;
  }
  return state;
}

/** Put `state` in the address bar; `push` makes a history entry (a new car or station). */
export function writeState(state, { push = false } = {}) {
  const query = new URLSearchParams();
  for (const name of NAMES) {
    const value = state[name];
    if (value !== undefined && value !== null && value !== "") query.set(name, value);
  }
  const text = query.toString();
  const url = text ? `?${text}` : location.pathname;
  if (url === location.search) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}
