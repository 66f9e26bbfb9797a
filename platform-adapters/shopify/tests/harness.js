// Runs customer-events-pixel.js as Shopify would, with fakes: `analytics` (handlers
// by event name), `browser.localStorage` (promises over a Map), `init` and `fetch`
// (capturing every request). Shared by pixel.test.js and print-bodies.js.

import { readFileSync } from "node:fs";
import vm from "node:vm";

const PIXEL = new URL("../customer-events-pixel.js", import.meta.url);

/**
 * Loads the pixel for `site` on `server`; `storage` seeds the top page's localStorage;
 * `network` replaces the fake fetch's answer (a function of the request).
 */
export function loadPixel({ server = "https://track.test", site = "abc123", storage = {}, network } = {}) {
  const source = readFileSync(PIXEL, "utf8")
    .replace('"https://track.example.com"', JSON.stringify(server))
    .replace('"SITE_KEY"', JSON.stringify(site));
  const handlers = {};
  const requests = [];
  const store = new Map(Object.entries(storage));
  const context = vm.createContext({
    analytics: { subscribe: (name, handler) => void (handlers[name] = handler) },
    browser: {
      localStorage: {
        getItem: async (key) => (store.has(key) ? store.get(key) : null),
        setItem: async (key, value) => void store.set(key, String(value)),
      },
    },
    init: { data: { shop: { name: "My Store", myshopifyDomain: "my-store.myshopify.com", paymentSettings: { currencyCode: "EUR" } } } },
    fetch: async (url, options) => {
      requests.push({ url, options, body: JSON.parse(options.body) });
      return network ? network(url, options) : { ok: true, status: 202 };
    },
    crypto: globalThis.crypto,
    URL,
    console,
  });
  vm.runInContext(source, context, { filename: "customer-events-pixel.js" });

  /** Publishes one standard event and waits until the pixel is done with it. */
  async function publish(name, event) {
    if (!handlers[name]) throw new Error("the pixel does not subscribe to " + name);
    // Shopify's event ids are unique per event.
    await handlers[name]({ name, id: `evt-${name}-${requests.length}`, timestamp: new Date().toISOString(), ...event });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  return { handlers, requests, store, publish };
}
