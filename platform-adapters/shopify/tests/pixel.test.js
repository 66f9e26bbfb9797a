// The custom pixel, run with fake Shopify APIs: what it sends for each standard event.
// `node --test platform-adapters/shopify/tests/` (tests/adapters/test_shopify.py runs it
// too, and posts the bodies to the real /api/collect).

import assert from "node:assert/strict";
import test from "node:test";

import { loadPixel } from "./harness.js";
import { cartLine, checkout, journey, pageViewed } from "./samples.js";

const HOST = "my-store.myshopify.com";
const ID = /^[A-Za-z0-9_-]{8,64}$/;
const EVENT_ID = /^[A-Za-z0-9_.:-]{8,64}$/;
// What each commerce event may carry (server/sitetracker/ingest/commerce_props.py).
const PROPS = {
  add_to_cart: ["product", "quantity", "value", "currency"],
  remove_from_cart: ["product", "quantity", "value", "currency"],
  checkout: ["value", "currency", "items"],
  pay_now: ["value", "currency", "items", "method"],
  purchase: ["order_id", "value", "currency", "items", "method"],
  payment_error: ["code", "message", "method", "value", "currency", "items"],
};

/** Asserts a request is a valid /api/collect beacon of one event; answers the event. */
function beacon(request, site = "abc123") {
  assert.equal(request.url, "https://track.test/api/collect");
  assert.equal(request.options.method, "POST");
  assert.equal(request.options.keepalive, true);
  assert.equal(request.options.headers["Content-Type"], "text/plain");
  assert.equal(typeof request.options.body, "string");
  const body = request.body;
  for (const key of Object.keys(body)) assert.ok(["ev", "k", "ret", "s", "v", "src", "j"].includes(key), key);
  // From the sandbox: the server trusts it by this marker and the page of each event.
  assert.equal(body.src, "shopify_pixel");
  assert.equal(body.k, site);
  assert.match(body.v, ID);
  assert.match(body.s, ID);
  assert.ok(body.ret === 0 || body.ret === 1);
  assert.equal(body.ev.length, 1);
  const [event] = body.ev;
  assert.match(event.n, /^[a-z][a-z0-9_]{0,39}$/);
  if (PROPS[event.n]) {
    for (const key of Object.keys(event.p)) assert.ok(PROPS[event.n].includes(key), `${event.n}.${key}`);
  }
  assert.match(event.u, /^https:\/\/[^/]+\//);
  assert.match(event.i, EVENT_ID);
  // The rest of each test compares what the event says, not its page and id.
  const { u, i, ...rest } = event;
  return event.n == "pageview" ? { ...rest, u } : rest;
}

test("a whole purchase sends one valid beacon per event, all as the same shopper", async () => {
  const pixel = loadPixel();
  for (const [name, event] of journey(HOST)) await pixel.publish(name, event);
  const events = pixel.requests.map((request) => beacon(request));
  assert.deepEqual(events.map((e) => e.n), [
    "search", "view_item", "add_to_cart", "remove_from_cart", "checkout", "pageview", "pay_now", "purchase", "pageview",
  ]);
  assert.equal(new Set(pixel.requests.map((r) => r.body.v)).size, 1);
  assert.equal(new Set(pixel.requests.map((r) => r.body.s)).size, 1);
});

test("add to cart carries the product, the quantity added, its value and currency", async () => {
  const pixel = loadPixel();
  await pixel.publish("product_added_to_cart", { data: { cartLine: cartLine() } });
  assert.deepEqual(beacon(pixel.requests[0]), {
    n: "add_to_cart", p: { product: "Organic tee - Blue / M", quantity: 2, value: 59.8, currency: "EUR" },
  });
});

test("checkout and pay now carry the total, currency and how many items", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  await pixel.publish("payment_info_submitted", { data: { checkout: checkout(false) } });
  const [started, paying] = pixel.requests.map((request) => beacon(request));
  assert.deepEqual(started, { n: "checkout", p: { value: 79.8, currency: "EUR", items: 3 } });
  assert.deepEqual(paying, { n: "pay_now", p: { value: 79.8, currency: "EUR", items: 3 } });
  // The checkout's token joins the checkout's and the order's webhooks to this shopper.
  assert.deepEqual(pixel.requests.map((r) => r.body.j), [{ shopify_checkout: "c1-7a9f3e" }, { shopify_checkout: "c1-7a9f3e" }]);
});

test("every event names its page and carries Shopify's event id", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  const [event] = pixel.requests[0].body.ev;
  assert.equal(event.u, "https://shop-a.test/checkouts/cn/c1-7a9f3e");
  assert.equal(event.i, "shopify:sh-checkout_started-1");
});

test("a purchase's id is its order's, the one the order webhook carries", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_completed", { data: { checkout: checkout(true) } });
  assert.equal(pixel.requests[0].body.ev[0].i, "shopify:order:6113582317846:purchase");
});

test("a declined card shown at checkout is a payment error with the checkout's total", async () => {
  const pixel = loadPixel();
  await pixel.publish("payment_info_submitted", { data: { checkout: checkout(false) } });
  await pixel.publish("alert_displayed", { data: { alert: { type: "payment", target: "cardNumber", message: "Your card was declined.", value: "" } } });
  await pixel.publish("alert_displayed", { data: { alert: { type: "contact", target: "email", message: "Enter a valid email" } } });
  const [, declined, other] = pixel.requests.map((request) => beacon(request));
  assert.deepEqual(declined, {
    n: "payment_error", p: { code: "payment:cardNumber", message: "Your card was declined.", value: 79.8, currency: "EUR", items: 3 },
  });
  assert.deepEqual(other, { n: "checkout_alert", p: { target: "email", type: "contact", message: "Enter a valid email" } });
});

test("product and collection views, searches and checkout steps are events", async () => {
  const pixel = loadPixel();
  await pixel.publish("product_viewed", { data: { productVariant: { id: "4471", title: "Blue / M", price: { amount: 29.9, currencyCode: "EUR" }, product: { id: "8120", title: "Organic tee" } } } });
  await pixel.publish("collection_viewed", { data: { collection: { id: "gid://shopify/Collection/1", title: "Summer" } } });
  await pixel.publish("search_submitted", { data: { searchResult: { query: "linen shirt", productVariants: [] } } });
  await pixel.publish("search_submitted", { data: { searchResult: { query: "tee", productVariants: [{ id: "1" }, { id: "2" }] } } });
  await pixel.publish("checkout_contact_info_submitted", { data: { checkout: checkout(false) } });
  await pixel.publish("checkout_shipping_info_submitted", { data: { checkout: checkout(false) } });
  assert.deepEqual(pixel.requests.map((request) => beacon(request)), [
    { n: "view_item", p: { product: "Organic tee", id: "8120", value: 29.9, currency: "EUR" } },
    { n: "collection_view", p: { collection: "Summer" } },
    { n: "search", p: { q: "linen shirt", results: 0 } },
    { n: "search", p: { q: "tee", results: 2 } },
    { n: "checkout_contact", p: { value: 79.8, currency: "EUR", items: 3 } },
    { n: "checkout_shipping", p: { value: 79.8, currency: "EUR", items: 3 } },
  ]);
});

test("checkout completed is a purchase with the order id, total, currency and lines", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_completed", { data: { checkout: checkout(true) } });
  assert.deepEqual(beacon(pixel.requests[0]), {
    n: "purchase",
    p: {
      order_id: "6113582317846", value: 79.8, currency: "EUR",
      items: [
        { product: "Organic tee", quantity: 2, value: 59.8 },
        { product: "Canvas tote", quantity: 1, value: 15 },
      ],
    },
  });
});

test("an order id given as a global id is sent as the webhooks' plain id", async () => {
  const pixel = loadPixel();
  const data = checkout(true);
  data.order.id = "gid://shopify/Order/6113582317846";
  await pixel.publish("checkout_completed", { data: { checkout: data } });
  assert.equal(beacon(pixel.requests[0]).p.order_id, "6113582317846");
});

test("storefront page views are left to the widget; checkout pages are sent", async () => {
  const pixel = loadPixel();
  await pixel.publish("page_viewed", pageViewed(HOST, "/collections/all"));
  await pixel.publish("page_viewed", pageViewed(HOST, "/products/checkout-bag"));
  assert.equal(pixel.requests.length, 0);
  await pixel.publish("page_viewed", pageViewed(HOST, "/checkouts/cn/abc", "https://my-store.myshopify.com/cart"));
  assert.deepEqual(beacon(pixel.requests[0]), {
    n: "pageview", u: "https://my-store.myshopify.com/checkouts/cn/abc", r: "https://my-store.myshopify.com/cart",
  });
});

test("the widget's visitor and fresh session in the page's storage are reused", async () => {
  const session = JSON.stringify({ s: "session-000111", r: 1, t: Date.now() - 1000 });
  const pixel = loadPixel({ storage: { st_vid: "visitor-000111", st_ses: session } });
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  const { v, s, ret } = pixel.requests[0].body;
  assert.deepEqual({ v, s, ret }, { v: "visitor-000111", s: "session-000111", ret: 1 });
});

test("without a visitor id the pixel makes one and keeps it for the widget", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  const { v, ret } = pixel.requests[0].body;
  assert.equal(pixel.store.get("st_vid"), v);
  assert.equal(ret, 0);
  assert.equal(JSON.parse(pixel.store.get("st_ses")).s, pixel.requests[0].body.s);
});

test("a stale session is replaced by a returning one", async () => {
  const session = JSON.stringify({ s: "session-000111", r: 0, t: Date.now() - 31 * 60 * 1000 });
  const pixel = loadPixel({ storage: { st_vid: "visitor-000111", st_ses: session } });
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  const { s, ret } = pixel.requests[0].body;
  assert.notEqual(s, "session-000111");
  assert.equal(ret, 1);
});

test("a shopper who opted out is never sent", async () => {
  const pixel = loadPixel({ storage: { st_optout: "1" } });
  for (const [name, event] of journey(HOST)) await pixel.publish(name, event);
  assert.equal(pixel.requests.length, 0);
});

test("an add the theme snippet just reported is not sent twice", async () => {
  const pixel = loadPixel({ storage: { st_atc: String(Date.now() - 2000) } });
  await pixel.publish("product_added_to_cart", { data: { cartLine: cartLine() } });
  assert.equal(pixel.requests.length, 0);
  pixel.store.set("st_atc", String(Date.now() - 60 * 1000));
  await pixel.publish("product_added_to_cart", { data: { cartLine: cartLine() } });
  assert.equal(pixel.requests.length, 1);
});

test("missing or odd data gives smaller events, never invalid ones", async () => {
  const pixel = loadPixel();
  await pixel.publish("product_added_to_cart", { data: {} });
  await pixel.publish("checkout_started", { data: { checkout: { totalPrice: { amount: "NaN" }, lineItems: [{ quantity: -1 }] } } });
  await pixel.publish("checkout_completed", { data: {} });
  const events = pixel.requests.map((request) => beacon(request));
  assert.deepEqual(events, [
    { n: "add_to_cart", p: {} },
    { n: "checkout", p: { currency: "EUR", items: 0 } },
    { n: "purchase", p: { currency: "EUR", items: [] } },
  ]);
});

test("each event carries Shopify's id of the customer event, so a retry counts once", async () => {
  const pixel = loadPixel();
  await pixel.publish("payment_info_submitted", { id: "sh-88153c5a-8E7A-4F7B", data: { checkout: checkout(false) } });
  await pixel.publish("payment_info_submitted", { id: "sh-1", data: { checkout: checkout(false) } });
  assert.equal(pixel.requests[0].body.ev[0].i, "shopify:sh-88153c5a-8E7A-4F7B");
  assert.equal(pixel.requests[1].body.ev[0].i, "shopify:sh-1");
});

test("a failing network never throws into Shopify's page", async () => {
  const pixel = loadPixel({ network: () => Promise.reject(new TypeError("Failed to fetch")) });
  await assert.doesNotReject(pixel.publish("checkout_started", { data: { checkout: checkout(false) } }));
  assert.equal(pixel.requests.length, 1);
});

test("without the widget's visitor id, Shopify's client id is the shopper, kept for the widget", async () => {
  const pixel = loadPixel();
  await pixel.publish("checkout_started", { data: { checkout: checkout(false) } });
  assert.equal(pixel.requests[0].body.v, "a1b2c3d4-e5f6-4a1b-9c2d-3e4f5a6b7c8d");
  assert.equal(pixel.store.get("st_vid"), "a1b2c3d4-e5f6-4a1b-9c2d-3e4f5a6b7c8d");
});
