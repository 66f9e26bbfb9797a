// Shoppers by page type, live: how many are on the homepage, a category, a product, the
// offers, the cart, the checkout, the payment, the thank-you page, a search (the
// snapshot's `page_types`, from server/sitetracker/commerce/page_types.py).

import { BarList } from "./bars.js";

const LABELS = {
  home: "Homepage",
  category: "Categories",
  product: "Products",
  offers: "Offers",
  cart: "Cart",
  checkout: "Checkout",
  payment: "Payment",
  "thank-you": "Thank-you page",
  search: "Search",
  other: "Other pages",
};

export default {
  title: "Shoppers by page type",
  defaultSize: { w: 3, h: 4 },
  metric: (snap) => ((snap.page_types || {}).checkout || 0) + ((snap.page_types || {}).payment || 0),
  metricLabel: "shoppers in checkout or payment",
  mount(body) {
    const list = new BarList(body, { empty: "Nobody on the site", limit: 10, label: (key) => LABELS[key] || key });
    return {
      update({ snap }) {
        const counts = snap.page_types || {};
        list.update(Object.keys(counts).filter((key) => counts[key] > 0).sort((a, b) => counts[b] - counts[a]).map((key) => [key, counts[key]]));
      },
    };
  },
};
