// SiteTracker custom pixel for Shopify: Settings > Customer events > Add custom pixel.
// Paste this whole file, set the two values below, Save, then Connect.
//
// Shopify runs custom pixels in a sandbox on every page, checkout included (where the
// theme's widget cannot run), and publishes its standard events to them. This pixel
// sends what the theme cannot see to SiteTracker's POST /api/collect (docs/protocol.md):
//
//   page_viewed                       pageview          (checkout pages only: the theme's
//                                                       widget counts the storefront's)
//   product_viewed                    view_item         {product, id, value, currency}
//   collection_viewed                 collection_view   {collection}
//   search_submitted                  search            {q, results}
//   product_added_to_cart             add_to_cart       (unless the theme snippet reported
//                                                       the add, see st_atc below)
//   product_removed_from_cart         remove_from_cart
//   checkout_started                  checkout
//   checkout_contact_info_submitted   checkout_contact  {value, currency, items}
//   checkout_shipping_info_submitted  checkout_shipping {value, currency, items}
//   payment_info_submitted            pay_now
//   alert_displayed (payment)         payment_error     {code, message}: a declined card
//   alert_displayed (other)           checkout_alert    {target, type, message}
//   checkout_completed                purchase          (order id, total, currency, lines)
//
// The sandbox has an opaque origin, so the browser sends `Origin: null` and no Referer:
// every beacon says it is this pixel's ("src") and every event names its page ("u",
// from event.context.document.location.href); the server accepts them for a site
// connected to Shopify whose domains hold that page (README: what this trusts).
// Every event carries an id ("i": Shopify's event id; a purchase's is its order's, as
// the order webhook's) and the checkout's token ("j"), which joins the webhooks of the
// checkout and its order to this shopper.
//
// Identity: browser.localStorage is the top page's storage, so on the store's own
// domain the pixel shares the widget's visitor id (st_vid) and session (st_ses); where
// there is none yet it takes Shopify's client id (event.clientId) and keeps it there.
// The opt-out flag (st_optout) is honoured. The site's allowed domains must include the
// store's domain(s) and its myshopify.com domain (see the README).
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
  const EVENT_ID = /^[A-Za-z0-9_.:-]{8,64}$/;
  const TOKEN = /^[A-Za-z0-9_.:-]{4,128}$/;
  const PAYMENT_ALERT = /payment|card|paypal|wallet|gateway/i;
  // Checkout, thank-you and order status pages: /checkouts/..., /<shop id>/orders/...
  const CHECKOUT_PATH = /(^|\/)checkouts?(\/|$)|\/thank[_-]you|^\/\d+\/orders\//;
  let identity; // a promise of {v, s, ret}, read once per page
  let lastPage = (init && init.context && init.context.document && init.context.document.location) || {};
  let lastCheckout; // the checkout the shopper is in, for the payment errors' amounts

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

  /** The widget's visitor and session when the page has them; else Shopify's client id
   * (or a new id), kept for the widget. */
  async function who(clientId) {
    if ((await read("st_optout")) == "1") return null;
    const now = Date.now();
    let visitor = await read("st_vid");
    const known = ID.test(visitor || "");
    if (!known) await write("st_vid", (visitor = ID.test(clientId || "") ? clientId : randomId()));
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

  /** The page a Shopify event happened on (its context; else the last page seen). */
  function pageOf(source) {
    const doc = (source && source.context && source.context.document) || {};
    if (doc.location && doc.location.href) lastPage = doc.location;
    return typeof lastPage.href == "string" ? lastPage.href.split("#")[0].slice(0, 2000) : undefined;
  }

  /** The event's id: Shopify's, unless a better one is given (an order's). */
  function idOf(source, own) {
    const id = own || (source && source.id ? "shopify:" + source.id : "");
    return EVENT_ID.test(id) ? id : undefined;
  }

  /** `event` (a beacon event) from Shopify's `source`, sent with its page, id and token. */
  async function send(event, source) {
    try {
      const id = await (identity = identity || who(source && source.clientId));
      if (!id) return;
      event.u = event.u || pageOf(source);
      if (!event.u) return; // the server cannot place an event without its page
      const own = event.i;
      delete event.i;
      const ident = idOf(source, own);
      if (ident) event.i = ident;
      const beacon = Object.assign({ k: config.site }, id, { src: "shopify_pixel", ev: [event] });
      const checkout = source && source.data && source.data.checkout;
      const token = (checkout && checkout.token) || (lastCheckout && lastCheckout.token);
      if (TOKEN.test(token || "")) beacon.j = { shopify_checkout: token };
      await fetch(config.server.replace(/\/$/, "") + "/api/collect", {
        method: "POST",
        body: JSON.stringify(beacon),
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

  const track = (name, props, source, id) => send({ n: name, p: props, i: id }, source);
  const checkoutOf = (event) => {
    const checkout = event.data && event.data.checkout;
    if (checkout) lastCheckout = checkout;
    return checkout;
  };

  analytics.subscribe("page_viewed", (event) => {
    const doc = (event.context && event.context.document) || {};
    const href = doc.location && doc.location.href;
    if (!href) return;
    pageOf(event);
    if (!CHECKOUT_PATH.test(doc.location.pathname || new URL(href).pathname)) return;
    return send({ n: "pageview", u: href.split("#")[0].slice(0, 2000), r: (doc.referrer || "").slice(0, 2000) }, event);
  });

  analytics.subscribe("product_viewed", (event) => {
    const variant = (event.data && event.data.productVariant) || {};
    const product = variant.product || {};
    const price = variant.price || {};
    return track("view_item", clean({
      product: text(product.title, 200) || text(variant.title, 200),
      id: text(product.id, 64),
      value: number(price.amount),
      currency: currency(price.currencyCode),
    }), event);
  });

  analytics.subscribe("collection_viewed", (event) => {
    const collection = (event.data && event.data.collection) || {};
    return track("collection_view", clean({ collection: text(collection.title, 200) || text(collection.id, 200) }), event);
  });

  analytics.subscribe("search_submitted", (event) => {
    const result = (event.data && event.data.searchResult) || {};
    const q = text(result.query, 100);
    if (!q || !q.trim()) return;
    const found = Array.isArray(result.productVariants) ? result.productVariants.length : undefined;
    return track("search", clean({ q, results: found }), event);
  });

  analytics.subscribe("product_added_to_cart", async (event) => {
    const reported = Number(await read("st_atc"));
    if (reported && Date.now() - reported < THEME_REPORTED) return;
    return track("add_to_cart", cartProps(event.data && event.data.cartLine), event);
  });

  analytics.subscribe("product_removed_from_cart", (event) => {
    return track("remove_from_cart", cartProps(event.data && event.data.cartLine), event);
  });

  analytics.subscribe("checkout_started", (event) => {
    return track("checkout", checkoutProps(checkoutOf(event)), event);
  });

  analytics.subscribe("checkout_contact_info_submitted", (event) => {
    return track("checkout_contact", checkoutProps(checkoutOf(event)), event);
  });

  analytics.subscribe("checkout_shipping_info_submitted", (event) => {
    return track("checkout_shipping", checkoutProps(checkoutOf(event)), event);
  });

  analytics.subscribe("payment_info_submitted", (event) => {
    return track("pay_now", checkoutProps(checkoutOf(event)), event);
  });

  // Shopify shows an alert for a declined card, a bad address, a missing field...:
  // the payment ones are payment errors (the log, the alert's "errors seen").
  analytics.subscribe("alert_displayed", (event) => {
    const alert = (event.data && event.data.alert) || {};
    const kind = [alert.type, alert.target].filter((part) => typeof part == "string").join(" ");
    if (!PAYMENT_ALERT.test(kind)) {
      return track("checkout_alert", clean({ target: text(alert.target, 200), type: text(alert.type, 100), message: text(alert.message, 300) }), event);
    }
    const props = checkoutProps(lastCheckout);
    return track("payment_error", clean({
      code: text((alert.type || "payment") + (alert.target ? ":" + alert.target : ""), 64),
      message: text(alert.message, 300),
      value: props.value,
      currency: props.currency,
      items: props.items,
    }), event);
  });

  analytics.subscribe("checkout_completed", (event) => {
    const checkout = checkoutOf(event) || {};
    const order = checkout.order || {};
    const id = order.id !== undefined && order.id !== null ? String(order.id).replace(/^gid:\/\/shopify\/\w+\//, "") : "";
    const orderId = text(id, 64);
    return track("purchase", clean(Object.assign({ order_id: orderId }, checkoutProps(checkout, true))), event,
      orderId ? "shopify:order:" + orderId + ":purchase" : undefined);
  });
})(SITETRACKER, analytics, browser, init);
