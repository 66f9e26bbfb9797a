// Small shared pieces: containing errors, one warning, random ids, storage, page URLs.

let warned = false;

/** `fn` wrapped so that nothing it throws ever reaches the host page. */
export const safe = (fn) =>
  function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {
      console.debug("sitetracker:", e);
    }
  };

/** Warns once per page: a store's misuse should be visible, never noisy. */
export function warn(message) {
  if (!warned) console.warn("sitetracker: " + message);
  warned = true;
}

/** A random id of 44 digits (128 random bits: four 32-bit numbers plus 1e10 each). */
export const randomId = () => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n + 1e10).join("");

export const LOCAL = "localStorage";
export const SESSION = "sessionStorage";

/** `window[area].getItem(key)`; undefined when storage is unavailable. */
export function load(area, key) {
  try {
    return window[area].getItem(key);
  } catch (e) {}
}

/** Stores `value` (removes `key` when null); does nothing when storage is unavailable. */
export function save(area, key, value) {
  try {
    value == null ? window[area].removeItem(key) : window[area].setItem(key, value);
  } catch (e) {}
}

/** The page's URL without its hash, cut to the length the server accepts. */
export const pageUrl = () => location.href.split("#")[0].slice(0, 2000);

/** A `pageview` event for the current URL. */
export const pageview = (referrer) => ({ n: "pageview", u: pageUrl(), r: referrer.slice(0, 2000) });
