// The emergency modal: a shopper in checkout trouble, with what is known of them (cart,
// last pages, device, place, payment errors) and "Help this shopper", which opens the
// chat. Several emergencies queue up, the newest first ("1 of 3"). It opens for an
// emergency as it happens; "Later" closes it for this page only: until someone
// acknowledges it, the next admin page lists it in the waiting card (waiting.js).

import { ICONS, h, icon } from "./dom.js";
import { currencyOf, device, money, place, time } from "./format.js";
import { outcomeChip } from "./waiting.js";

/** `actions`: {canWrite, help(alert), acknowledge(alert), watch(alert), replay(alert)}. */
export function emergencyModal(root, actions) {
  const queue = [];
  let index = 0;
  let returnFocus = null;
  const backdrop = h("div", { className: "backdrop", hidden: true });
  root.append(backdrop);

  const close = () => {
    backdrop.hidden = true;
    backdrop.replaceChildren();
    if (returnFocus && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  };

  const fact = (label, content, wide) => h("div", { className: "fact" + (wide ? " wide" : "") }, h("h3", {}, label), content);

  function render() {
    const alert = queue[index];
    if (!alert) return close();
    const d = alert.details || {};
    const cart = d.cart || {};
    const lines = (cart.lines || []).map((l) => h("li", {}, h("span", {}, `${l.quantity} × ${l.product}`), h("span", {}, money(l.value, currencyOf(alert)))));
    const pages = (d.pages || []).slice(0, 5).map((p) => h("li", {}, p));
    const errors = (d.errors || []).slice(0, 4).map((e) => h("li", {}, [e.code, e.message].filter(Boolean).join(": ") || "payment error"));
    const [kind, ...rest] = String(alert.title || "Emergency").split(": ");
    const help = h("button", { className: "btn danger", type: "button", onclick: () => (close(), actions.help(alert)) }, icon(ICONS.chat, 16), "Help this shopper");
    const ack = h("button", { className: "btn", type: "button", hidden: !actions.canWrite, onclick: () => actions.acknowledge(alert) }, "Acknowledge");
    // The live view of the shopper's page beside the chat, and what led to the trouble.
    const watch = h("button", { className: "btn watch", type: "button", hidden: !(alert.ref || alert.shopper), dataSt: "watch", onclick: () => (close(), actions.watch(alert)) }, icon(ICONS.eye, 16), "Watch");
    const replay = h("button", { className: "btn replay", type: "button", hidden: !alert.recorded, dataSt: "replay", onclick: () => (close(), actions.replay(alert)) }, "Replay");
    const later = h("button", { className: "btn ghost", type: "button", onclick: close }, "Later");
    const next = h("button", { className: "btn ghost small", type: "button", hidden: queue.length < 2, onclick: () => ((index = (index + 1) % queue.length), render()) }, "Next ›");
    const dialog = h(
      "div",
      { className: "modal", role: "alertdialog", ariaModal: "true", ariaLabelledby: "st-emergency-title", ariaDescribedby: "st-emergency-facts" },
      h(
        "header",
        { className: "modal-head" },
        h("span", { className: "siren" }, icon(ICONS.alert, 24)),
        h("div", {}, h("p", { className: "eyebrow" }, `Emergency · ${time(alert.at)}`), h("h2", { id: "st-emergency-title" }, kind), rest.length ? h("p", { className: "why" }, rest.join(": ")) : null, outcomeChip(alert)),
        h("button", { className: "icon-btn", type: "button", ariaLabel: "Close", onclick: close }, icon(ICONS.close, 18)),
      ),
      h(
        "div",
        { className: "modal-body", id: "st-emergency-facts" },
        fact("Cart", h("div", {}, h("p", { className: "big" }, money(cart.value || 0, currencyOf(alert))), h("p", { className: "muted small" }, `${cart.items || 0} item${cart.items == 1 ? "" : "s"}`))),
        fact("Shopper", h("div", {}, h("p", {}, alert.name || "Shopper"), h("p", { className: "muted small" }, place(d.location) || "Place unknown"))),
        fact("Device", h("p", {}, device(d) || "Unknown")),
        fact("Errors seen", errors.length ? h("ul", { className: "errors" }, ...errors) : h("p", { className: "muted" }, "None reported")),
        lines.length ? fact("In the cart", h("ul", {}, ...lines), true) : null,
        fact("Last pages", pages.length ? h("ul", { className: "pages" }, ...pages) : h("p", { className: "muted" }, "None seen"), true),
      ),
      h("footer", { className: "modal-foot" }, help, watch, replay, ack, h("span", { className: "spacer" }), h("span", { className: "pager" }, queue.length > 1 ? `${index + 1} of ${queue.length}` : ""), next, later),
    );
    dialog.addEventListener("keydown", (e) => e.key == "Escape" && close());
    backdrop.replaceChildren(dialog);
    if (backdrop.hidden) {
      returnFocus = document.activeElement;
      backdrop.hidden = false;
    }
    help.focus();
  }

  return {
    show(alert) {
      if (queue.some((a) => a.id == alert.id)) return;
      queue.unshift(alert);
      index = 0;
      render();
    },
    /** The same alert, changed (how it ended). */
    update(alert) {
      const at = queue.findIndex((a) => a.id == alert.id);
      if (at < 0) return;
      queue[at] = alert;
      if (!backdrop.hidden && at == index) render();
    },
    /** Draw again (an alert of the queue changed: its recording arrived). */
    refresh() {
      if (!backdrop.hidden) render();
    },
    remove(id) {
      const at = queue.findIndex((a) => a.id == id);
      if (at < 0) return;
      queue.splice(at, 1);
      if (index >= queue.length) index = 0;
      if (!backdrop.hidden) render();
    },
  };
}
