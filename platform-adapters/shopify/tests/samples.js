// Standard events as Shopify's Web Pixels API publishes them (the fields the pixel
// reads, shaped as in Shopify's reference for page_viewed, product_added_to_cart,
// product_removed_from_cart, checkout_started, payment_info_submitted and
// checkout_completed). `host` is the store's domain.

const money = (amount, currencyCode = "EUR") => ({ amount, currencyCode });

export function cartLine() {
  return {
    quantity: 2,
    cost: { totalAmount: money(59.8) },
    merchandise: {
      id: "gid://shopify/ProductVariant/4471",
      title: "Blue / M",
      sku: "TEE-BLU-M",
      price: money(29.9),
      product: { id: "gid://shopify/Product/8120", title: "Organic tee", vendor: "Acme", type: "Shirts" },
    },
  };
}

export function checkout(order) {
  return {
    token: "c1-7a9f3e",
    currencyCode: "EUR",
    totalPrice: money(79.8),
    subtotalPrice: money(74.8),
    email: "jane@example.com",
    order: order ? { id: "6113582317846" } : null,
    lineItems: [
      { id: "l1", quantity: 2, title: "Organic tee", variant: { id: "v1", title: "Blue / M", price: money(29.9), product: { title: "Organic tee" } }, finalLinePrice: money(59.8) },
      { id: "l2", quantity: 1, title: "Canvas tote", variant: { id: "v2", title: "Default Title", price: money(15), product: { title: "Canvas tote" } }, finalLinePrice: money(15) },
    ],
  };
}

export function pageViewed(host, path, referrer = "") {
  return {
    data: {},
    context: { document: { location: { href: `https://${host}${path}`, pathname: path, host }, referrer, title: "Checkout" } },
  };
}

/** Every event the pixel reports, in the order of a purchase. */
export function journey(host) {
  return [
    ["search_submitted", { data: { searchResult: { query: "organic tee", productVariants: [{ id: "4471" }] } } }],
    ["page_viewed", pageViewed(host, "/products/organic-tee")], // the widget's: not sent
    ["product_viewed", { data: { productVariant: { id: "4471", title: "Blue / M", price: { amount: 29.9, currencyCode: "EUR" }, product: { id: "8120", title: "Organic tee" } } } }],
    ["product_added_to_cart", { data: { cartLine: cartLine() } }],
    ["product_removed_from_cart", { data: { cartLine: { ...cartLine(), quantity: 1 } } }],
    ["checkout_started", { data: { checkout: checkout(false) } }],
    ["page_viewed", pageViewed(host, "/checkouts/cn/c1-7a9f3e", `https://${host}/cart`)],
    ["payment_info_submitted", { data: { checkout: checkout(false) } }],
    ["checkout_completed", { data: { checkout: checkout(true) } }],
    ["page_viewed", pageViewed(host, "/checkouts/cn/c1-7a9f3e/thank-you")],
  ];
}
