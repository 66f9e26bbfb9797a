// Live shoppers: who is on the site now, longest first, by the name alerts and chats
// give them.

import { h, setText } from "../dom.js";
import { DEVICE_NAMES, countryName, duration, money } from "../format.js";

const LIMIT = 50;

export default {
  title: "Live shoppers",
  defaultSize: { w: 6, h: 4 },
  metric: (snap) => (snap.shoppers || []).filter((s) => s.cart > 0).length,
  metricLabel: "shoppers with a cart",
  mount(body) {
    const tbody = h("tbody");
    const table = h("table", { className: "shopper-table" },
      h("thead", {}, h("tr", {}, ...["Shopper", "Page", "Device", "Location", "On site", "Cart", ""].map((t) => h("th", { scope: "col", text: t })))),
      tbody);
    const empty = h("p", { className: "tile-empty", text: "Nobody on the site right now" });
    body.append(h("div", { className: "table-scroll" }, table), empty);
    const rows = new Map();
    return {
      update(model) {
        const { snap } = model;
        const shoppers = (snap.shoppers || []).slice(0, LIMIT);
        const keep = new Set();
        shoppers.forEach((s, index) => {
          keep.add(s.id);
          let row = rows.get(s.id);
          if (!row) {
            const cells = ["name", "page", "device", "place", "time", "cart", "watch"].map((name) => h("td", { className: `cell-${name}` }));
            row = { el: h("tr", {}, ...cells), cells };
            rows.set(s.id, row);
          }
          const [name, page, device, place, time, cart, watch] = row.cells;
          setText(name, s.name || "–"); // the server's name, as alerts and chats say it
          // The live view, when the site has it on: opens beside the board (../watch.js).
          const watchable = !!(snap.watch && snap.watch.live && s.ref);
          if (watchable != !!watch.firstChild) {
            watch.replaceChildren(...(watchable ? [h("button", { type: "button", className: "watch-button", dataset: { watchRef: s.ref }, title: "Watch this shopper's page live", text: "Watch" })] : []));
          }
          setText(page, s.url || "–");
          page.title = s.url || "";
          setText(device, `${DEVICE_NAMES[s.device] || s.device} · ${s.os} · ${s.browser}`);
          device.title = device.textContent;
          setText(place, [s.city, s.country ? countryName(s.country) : ""].filter(Boolean).join(", ") || "Unknown");
          place.title = place.textContent;
          setText(time, duration(s.seconds));
          setText(cart, s.cart > 0 ? money(s.cart, model.currency()) : "–");
          if (tbody.children[index] !== row.el) tbody.insertBefore(row.el, tbody.children[index] || null);
        });
        for (const [id, row] of rows) {
          if (!keep.has(id)) {
            row.el.remove();
            rows.delete(id);
          }
        }
        empty.hidden = shoppers.length > 0;
        table.hidden = shoppers.length === 0;
      },
    };
  },
};
