// Sales are notifications, not tasks: each shows in a window that closes itself after a
// few seconds, and sales that arrive while it is open gather in it (newest first, with
// their total). Nothing waits for an acknowledgement. The admin may choose corner toasts
// instead (their setting, stored on the server). Used by the overlay and the live board.

import { ICONS, h, icon } from "./dom.js";
import { DEVICES, money, place } from "./format.js";

export const SALE_STAY = 6000; // ms the window stays after the last sale it gathered

/** `toasts`: the corner toasts, for admins who chose them. */
export function saleNotices(root, toasts) {
  let mode = "modal";
  let timer = null;
  const sales = [];
  // The page around the window stays usable: a notification never blocks work.
  const layer = h("div", { className: "sale-layer", hidden: true });
  root.append(layer);

  function close() {
    clearTimeout(timer);
    timer = null;
    sales.length = 0;
    layer.hidden = true;
    layer.replaceChildren();
  }
  const wait = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(close, ms);
  };
  const line = (s) => {
    const d = s.details || {};
    const items = d.items != null ? `${d.items} item${d.items == 1 ? "" : "s"}` : "";
    return h("li", { className: "sale-line" }, h("strong", {}, money(s.value, s.currency)), h("span", {}, [s.name, place(d.location), DEVICES[d.device], items].filter(Boolean).join(" · ")));
  };

  function render() {
    const totals = new Map();
    for (const s of sales) totals.set(s.currency || "", (totals.get(s.currency || "") || 0) + (Number(s.value) || 0));
    const total = [...totals].map(([currency, value]) => money(value, currency)).join(" + ");
    const title = sales.length == 1 ? "New sale" : `${sales.length} new sales`;
    const card = h(
      "div",
      { className: "sale-modal", role: "dialog", ariaLabel: title },
      h("header", { className: "sale-head" }, h("span", { className: "row-icon sale" }, icon(ICONS.sale, 20)), h("div", {}, h("h2", {}, title), h("p", { className: "sale-total" }, total)), h("button", { className: "icon-btn", type: "button", ariaLabel: "Close", onclick: close }, icon(ICONS.close, 18))),
      h("ul", { className: "sale-list" }, ...sales.map(line)),
      h("div", { className: "sale-timer" }), // a bar running out over SALE_STAY (styles)
    );
    card.onmouseenter = () => clearTimeout(timer);
    card.onmouseleave = () => wait(SALE_STAY / 2);
    layer.replaceChildren(card);
    layer.hidden = false;
  }

  return {
    /** "modal" (the default) or "toast". */
    set mode(next) {
      mode = next == "toast" ? "toast" : "modal";
    },
    get mode() {
      return mode;
    },
    /** A sale as it happens. */
    show(sale) {
      if (mode == "toast") {
        const d = sale.details || {};
        return toasts.show({ id: "sale" + sale.id, kind: "sale", title: sale.title, text: [sale.name, place(d.location), DEVICES[d.device]].filter(Boolean).join(" · ") });
      }
      if (sales.some((s) => s.id == sale.id)) return;
      sales.unshift(sale);
      render();
      wait(SALE_STAY);
    },
    close,
  };
}
