// Today's top products: views, adds to cart and purchases, from GET /catalog (the daily
// counts), read again at most every 30 seconds. Product names are shown as text.

import { h, setText } from "../dom.js";
import { int } from "../format.js";
import { fetchedEvery } from "./fetched.js";

export default {
  title: "Top products today",
  defaultSize: { w: 4, h: 3 },
  mount(body, { api, getJSON }) {
    const rows = h("tbody");
    const note = h("p", { className: "tile-empty", text: "No product views yet today" });
    body.append(h("div", { className: "table-scroll" }, h("table", { className: "shopper-table product-table" },
      h("thead", null, h("tr", null, ["Product", "Views", "Carts", "Bought"].map((text) => h("th", { text })))), rows)), note);
    const refresh = fetchedEvery(getJSON, `${api}/catalog`, 30_000, (answer) => {
      rows.replaceChildren(...answer.products.slice(0, 10).map((p) => h("tr", null,
        h("td", { title: p.product, text: p.product }), h("td", { text: int(p.views) }),
        h("td", { text: int(p.carts) }), h("td", { text: int(p.purchases) }))));
      note.hidden = answer.products.length > 0;
      body.dataset.loaded = "1";
    }, (error) => setText(note, `Products unavailable: ${error.message}`));
    return { update: refresh };
  },
};
