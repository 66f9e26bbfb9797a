// SiteTracker custom pixel for Shopify: Settings > Customer events > Add custom pixel.
// Paste this whole file, set the two values below, Save, then Connect.
//
// Shopify runs custom pixels in a sandbox on every page, checkout included (where the
// theme's widget cannot run), and publishes its standard events to them. This pixel
// sends what the theme cannot see to SiteTracker's POST /api/collect (docs/protocol.md):
//
//   page_viewed                 pageview          (checkout pages only: the theme's
//                                                 widget counts the storefront's)
//   product_added_to_cart       add_to_cart       (unless the theme snippet reported
//                                                 the add, see st_atc below)
//   product_removed_from_cart   remove_from_cart
//   checkout_started            checkout
//   payment_info_submitted      pay_now
//   checkout_completed          purchase          (order id, total, currency, lines)
//
// Identity: browser.localStorage is the top page's storage, so on the store's own
// domain the pixel shares the widget's visitor id (st_vid) and session (st_ses); where
// there is none yet it makes one and keeps it there. The opt-out flag (st_optout) is
// honoured. The site's allowed domains must include the store's myshopify.com domain
// and the domain its checkout runs on (see the README).
/* global analytics, browser, init */

const SITETRACKER = {
  server: "https://track.example.com", // your SiteTracker server (SITETRACKER_BASE_URL)
  site: "SITE_KEY", // the site's public key
};

(function (config, analytics, browser, init) {
  const shop = (init && init.data && init.data.shop) || {};
  const shopCurrency = shop.paymentSettings && shop.paymentSettings.currencyCode;
  const SESSION_GAP = 30 * 60 * 1000;
  const THEME_REPORTED = 10 * 1000; // an add the theme snippet reported this recently
  const ID = /^[A-Za-z0-9_-]{8,64}$/;
  // Checkout, thank-you and order status pages: /checkouts/..., /<shop id>/orders/...
  const CHECKOUT_PATH = /(^|\/)checkouts?(\/|$)|\/thank[_-]you|^\/\d+\/orders\//;
  let identity; // a promise of {v, s, ret}, read once per page

  const randomId = () =>
    Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n + 1e10).join("");

  const number = (value) => {
    const n = typeof value == "string" ? parseFloat(value) : value;
    return typeof n == "number" && isFinite(n) && n >= 0 && n <= 1e9 ? Math.round(n * 100) / 100 : undefined;
  };
  const quantity = (value) => (Number.isInteger(value) && value >= 1 && value <= 10000 ? value : undefined);
  const currency = (value) => {
    const code = typeof value == "string" && value ? value : shopCurrency;
    return typeof code == "string" && /^[A-Za-z]{3}$/.test(code) ? code.toUpperCase() : undefined;
  };
  const text = (value, limit) => (typeof value == "string" && value ? value.slice(0, limit) : undefined);
  const clean = (props) => {
    for (const key of Object.keys(props)) if (props[key] === undefined) delete props[key];
    return props;
  };

  async function read(key) {
    try {
      return await browser.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  async function write(key, value) {
    try {
      await browser.localStorage.setItem(key, value);
    } catch (e) {}
  }

  /** The widget's visitor and session when the page has them; else new ones, kept. */
  async function who() {
    if ((await read("st_optout")) == "1") return null;
    const now = Date.now();
    let visitor = await read("st_vid");
    const known = ID.test(visitor || "");
    if (!known) await write("st_vid", (visitor = randomId()));
    let session;
    try {
      session = JSON.parse(await read("st_ses"));
    } catch (e) {}
    if (!(session && ID.test(session.s || "") && now - session.t < SESSION_GAP)) {
      session = { s: randomId(), r: known ? 1 : 0 };
    }
    session.t = now;
    await write("st_ses", JSON.stringify(session));
    return { v: visitor, s: session.s, ret: session.r & 1 };
  }

  async function send(event) {
    try {
      const id = await (identity = identity || who());
      if (!id) return;
      const body = JSON.stringify(Object.assign({ k: config.site }, id, { ev: [event] }));
      await fetch(config.server.replace(/\/$/, "") + "/api/collect", {
        method: "POST",
        body,
        keepalive: true,
        mode: "no-cors",
        headers: { "Content-Type": "text/plain" },
      });
    } catch (e) {} // never let tracking disturb the checkout
  }

  /** A cart line as add_to_cart / remove_from_cart properties. */
  function cartProps(line) {
    if (!line) return {};
    const item = line.merchandise || {};
    const product = item.product || {};
    const variant = item.title && item.title != "Default Title" ? " - " + item.title : "";
    const count = quantity(line.quantity);
    const unit = item.price && number(item.price.amount);
    const total = line.cost && line.cost.totalAmount;
    return clean({
      product: text((product.title || "") + variant, 200) || text(item.sku, 200),
      quantity: count,
      value: unit !== undefined && count ? number(unit * count) : number(total && total.amount),
      currency: currency((item.price && item.price.currencyCode) || (total && total.currencyCode)),
    });
  }

  /** A checkout as checkout / pay_now / purchase properties; `lines`: the lines, not a count. */
  function checkoutProps(checkout, lines) {
    if (!checkout) return {};
    const total = checkout.totalPrice || {};
    const items = (checkout.lineItems || []).filter((line) => line && quantity(line.quantity));
    const count = items.reduce((sum, line) => sum + line.quantity, 0);
    return clean({
      value: number(total.amount),
      currency: currency(checkout.currencyCode || total.currencyCode),
      items: lines
        ? items.slice(0, 50).map((line) => {
            const variant = line.variant || {};
            const price = number(line.finalLinePrice && line.finalLinePrice.amount);
            const unit = variant.price && number(variant.price.amount);
            return clean({
              product: text(line.title || (variant.product && variant.product.title), 200) || "item",
              quantity: Math.min(line.quantity, 10000),
              value: price !== undefined ? price : unit !== undefined ? number(unit * line.quantity) : undefined,
            });
          })
        : Math.min(count, 10000),
    });
  }

  // Shopify's id of the customer event is ours (`i`): a retry of the event counts once.
  const withId = (body, event) => {
    const id = event && typeof event.id == "string" ? event.id.replace(/[^\w.:-]/g, "").slice(0, 64) : "";
    return id.length >= 8 ? Object.assign(body, { i: id }) : body;
  };
  const track = (name, props, event) => send(withId({ n: name, p: props }, event));

  analytics.subscribe("page_viewed", (event) => {
    const doc = (event.context && event.context.document) || {};
    const href = doc.location && doc.location.href;
    if (!href || !CHECKOUT_PATH.test(doc.location.pathname || new URL(href).pathname)) return;
    send(withId({ n: "pageview", u: href.split("#")[0].slice(0, 2000), r: (doc.referrer || "").slice(0, 2000) }, event));
  });

  analytics.subscribe("product_added_to_cart", async (event) => {
    const reported = Number(await read("st_atc"));
    if (reported && Date.now() - reported < THEME_REPORTED) return;
    track("add_to_cart", cartProps(event.data && event.data.cartLine), event);
  });

  analytics.subscribe("product_removed_from_cart", (event) => {
    track("remove_from_cart", cartProps(event.data && event.data.cartLine), event);
  });

  analytics.subscribe("checkout_started", (event) => {
    track("checkout", checkoutProps(event.data && event.data.checkout), event);
  });

  analytics.subscribe("payment_info_submitted", (event) => {
    track("pay_now", checkoutProps(event.data && event.data.checkout), event);
  });

  analytics.subscribe("checkout_completed", (event) => {
    const checkout = (event.data && event.data.checkout) || {};
    const order = checkout.order || {};
    const id = order.id !== undefined && order.id !== null ? String(order.id).replace(/^gid:\/\/shopify\/\w+\//, "") : "";
    track("purchase", clean(Object.assign({ order_id: text(id, 64) }, checkoutProps(checkout, true))), event);
  });
})(SITETRACKER, analytics, browser, init);
