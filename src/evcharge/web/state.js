// What the page shows lives in the URL's query, so any view can be shared or bookmarked.
const NAMES = ["vehicle", "market", "power", "station", "cp", "from", "to", "start", "currency"];

export function readState() {
  const query = new URLSearchParams(location.search);
  const state = {};
  for (const name of NAMES) if (query.has(name)) state[name] = query.get(name);
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
