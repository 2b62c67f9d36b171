// The API key and calls to the evcharge API. The key lives in localStorage only; a link may carry
// it in the fragment (#key=...), which browsers never send to the server, and we drop it from the
// address bar at once so that a shared URL never leaks it.
import { currentLanguage } from "./i18n.js";

const KEY_STORE = "evcharge.apiKey";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function takeKeyFromFragment() {
  const match = location.hash.match(/(?:^#|&)key=([^&]+)/);
  if (match) {
    try {
      localStorage.setItem(KEY_STORE, decodeURIComponent(match[1]));
    } catch {
      // A mangled link: ask for the key instead of failing to start.
    }
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  return localStorage.getItem(KEY_STORE);
}

export const storeKey = (key) => localStorage.setItem(KEY_STORE, key.trim());
export const forgetKey = () => localStorage.removeItem(KEY_STORE);

function errorText(status, body) {
  if (body && Array.isArray(body.errors) && body.errors.length) {
    const first = body.errors[0];
    return first.detail || first.title || `HTTP ${status}`;
  }
  if (body && typeof body.error === "string") return body.error;
  return `HTTP ${status}`;
}

/** GET or POST `path`; resolves to the JSON body (null for 204), rejects with ApiError. */
export async function api(path, { body, signal } = {}) {
  const headers = { "Api-Key": localStorage.getItem(KEY_STORE) || "", "Accept-Language": currentLanguage() };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, errorText(response.status, data));
  return data;
}

export const isKeyProblem = (error) =>
  error instanceof ApiError && (error.status === 401 || error.status === 403) &&
  /key/i.test(error.message);
