// Small shared pieces: containing errors, one warning, random ids, storage, page URLs,
// and the widget's events on window.

let warned;

/** `fn` wrapped so that nothing it throws ever reaches the host page. */
export const safe = (fn) =>
  function () {
    try {
      return fn.apply(this, arguments);
    } catch (e) {}
  };

/** Warns once per page: a store's misuse should be visible, never noisy. */
export function warn(message) {
  if (!warned) console.warn("sitetracker: " + message);
  warned = true;
}

/** A random id of 44 digits (128 random bits: four 32-bit numbers, plus 1e10 each). */
export const randomId = () => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n + 1e10).join("");

export const LOCAL = "localStorage";
export const SESSION = "sessionStorage";

/**
 * `storage(area, key)` reads a key, `storage(area, key, value)` writes it (null
 * removes it); both quietly do nothing when the browser blocks storage.
 */
export function storage(area, key, value) {
  try {
    const store = window[area];
    return value === undefined ? store.getItem(key) : value === null ? store.removeItem(key) : store.setItem(key, value);
  } catch (e) {}
}

/** The page's URL without its hash, cut to the length the server accepts. */
export const pageUrl = () => location.href.split("#")[0].slice(0, 2000);

/** A `pageview` event for the current URL. */
export const pageview = (referrer) => ({ n: "pageview", u: pageUrl(), r: referrer.slice(0, 2000) });

/**
 * Dispatches `sitetracker:<name>` on window: the page, and later features such as the
 * messaging UI, listen there (`addEventListener("sitetracker:broadcast", ...)`):
 *
 *   sitetracker:connect     the live connection is up
 *   sitetracker:config      {consent, events}     and whatever else the server sends:
 *   sitetracker:broadcast   {id, text, expires}   shopper messaging
 *   sitetracker:message     {id, text, from}      one-to-one messaging
 *   sitetracker:throttled   {retry_in}
 */
export const emit = (name, detail) => dispatchEvent(new CustomEvent("sitetracker:" + name, { detail }));
