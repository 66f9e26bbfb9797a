// The theme snippet's script (sitetracker.liquid), run with a fake page: add_to_cart
// from the theme's fetch() to /cart/add.js and from plain forms, and the visitor id
// copied into the cart attribute st_vid.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import vm from "node:vm";

const LIQUID = readFileSync(new URL("../sitetracker.liquid", import.meta.url), "utf8");
// The script's function, without the Liquid that renders its configuration.
const SCRIPT = LIQUID.slice(LIQUID.indexOf("(function (config) {"), LIQUID.lastIndexOf("})({") + 2);

const plain = (value) => JSON.parse(JSON.stringify(value)); // objects of the page's realm

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

function page({ config = {}, storage = {}, answer } = {}) {
  const calls = []; // sitetracker(...) calls, as plain data
  const requests = [];
  const listeners = {};
  const timers = [];
  const store = new Map(Object.entries(storage));
  const window = {
    sitetracker: (...args) => calls.push(plain(args)),
    localStorage: { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)) },
    addEventListener: (name, fn) => (listeners[name] = fn),
    fetch: async (url, options) => {
      requests.push({ url, options });
      const data = answer ? answer(url, options) : {};
      return { ok: true, clone: () => ({ json: async () => data }) };
    },
  };
  // FormData of a fake form reads its `fields`; of anything else, the real one.
  function PageFormData(form) {
    return form && form.fields ? { get: (key) => (key in form.fields ? form.fields[key] : null) } : new FormData(form);
  }
  const context = vm.createContext({
    window, URLSearchParams, FormData: PageFormData, JSON, String, Math, Date, isFinite, parseInt,
    setTimeout: (fn) => timers.push(fn),
  });
  const fullConfig = { root: "/", currency: "EUR", cartItems: 0, cartAttribute: null, product: null, prices: {}, ...config };
  vm.runInContext(`(${SCRIPT})(${JSON.stringify(fullConfig)})`, context);
  const runTimers = () => timers.splice(0).forEach((fn) => fn());
  return { window, calls, requests, listeners, store, runTimers };
}

const TEE = { id: 4471, variant_id: 4471, product_title: "Organic tee", title: "Organic tee - Blue / M", quantity: 3, price: 2990, final_price: 2990 };

test("an AJAX add to /cart/add.js is tracked with the quantity asked for and its value", async () => {
  const p = page({ answer: () => TEE, storage: { st_vid: "visitor-000111" } });
  await p.window.fetch("/cart/add.js", { method: "POST", body: JSON.stringify({ id: 4471, quantity: 2 }) });
  await settle();
  assert.deepEqual(p.calls, [["track", "add_to_cart", { product: "Organic tee", quantity: 2, value: 59.8, currency: "EUR" }]]);
  assert.ok(Number(p.store.get("st_atc")) > 0, "the pixel is told the add was reported");
});

test("a multi-line add reports each line with its own quantity", async () => {
  const p = page({ answer: () => ({ items: [TEE, { ...TEE, variant_id: 9, id: 9, product_title: "Tote", final_price: 1500 }] }) });
  await p.window.fetch("/cart/add.js", { method: "POST", body: JSON.stringify({ items: [{ id: 4471, quantity: 1 }, { id: 9, quantity: 4 }] }) });
  await settle();
  assert.deepEqual(p.calls.map((c) => c[2]), [
    { product: "Organic tee", quantity: 1, value: 29.9, currency: "EUR" },
    { product: "Tote", quantity: 4, value: 60, currency: "EUR" },
  ]);
});

test("requests other than a POST to /cart/add are not tracked", async () => {
  const p = page();
  await p.window.fetch("/cart/change.js", { method: "POST", body: "{}" });
  await p.window.fetch("/cart/add.js"); // GET
  await settle();
  assert.deepEqual(p.calls, []);
});

test("after an add, the widget's visitor id goes into the cart attribute st_vid once", async () => {
  const p = page({ answer: () => TEE, storage: { st_vid: "visitor-000111" } });
  await p.window.fetch("/cart/add.js", { method: "POST", body: JSON.stringify({ id: 4471, quantity: 1 }) });
  await settle();
  await p.window.fetch("/cart/add.js", { method: "POST", body: JSON.stringify({ id: 4471, quantity: 1 }) });
  await settle();
  const updates = p.requests.filter((r) => r.url.endsWith("/cart/update.js"));
  assert.equal(updates.length, 1);
  assert.deepEqual(JSON.parse(updates[0].options.body), { attributes: { st_vid: "visitor-000111" } });
});

test("on load, a filled cart without the attribute gets it; one that has it does not", () => {
  const filled = page({ config: { cartItems: 2, root: "/fr" }, storage: { st_vid: "visitor-000111" } });
  filled.listeners.load();
  filled.runTimers();
  assert.equal(filled.requests[0].url, "/fr/cart/update.js");
  const synced = page({ config: { cartItems: 2, cartAttribute: "visitor-000111" }, storage: { st_vid: "visitor-000111" } });
  synced.listeners.load();
  synced.runTimers();
  assert.equal(synced.requests.length, 0);
  const empty = page({ storage: { st_vid: "visitor-000111" } });
  empty.listeners.load();
  empty.runTimers();
  assert.equal(empty.requests.length, 0);
});

function form(action, fields) {
  return {
    getAttribute: (name) => (name == "action" ? action : null),
    fields,
  };
}

test("a plain product form posting to /cart/add is tracked with the variant's price", () => {
  const p = page({ config: { product: "Organic tee", prices: { 4471: 2990 } } });
  p.listeners.submit({ target: form("/cart/add", { id: "4471", quantity: "3" }), defaultPrevented: false });
  assert.ok(Number(p.store.get("st_atc")) > 0);
  p.runTimers();
  assert.deepEqual(p.calls, [["track", "add_to_cart", { product: "Organic tee", quantity: 3, value: 89.7, currency: "EUR" }]]);
});

test("a form the theme took over (default prevented) is left to the fetch wrapper", () => {
  const p = page();
  p.listeners.submit({ target: form("/cart/add", {}), defaultPrevented: true });
  p.runTimers();
  assert.deepEqual(p.calls, []);
});

test("nothing is tracked or copied for a shopper who opted out", async () => {
  const p = page({ answer: () => TEE, storage: { st_optout: "1", st_vid: "visitor-000111" }, config: { cartItems: 1 } });
  await p.window.fetch("/cart/add.js", { method: "POST", body: JSON.stringify({ id: 4471 }) });
  await settle();
  p.listeners.load();
  p.runTimers();
  assert.deepEqual(p.calls, []);
  assert.equal(p.requests.filter((r) => r.url.endsWith("update.js")).length, 0);
});
