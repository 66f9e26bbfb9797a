// Sales on the live board as the overlay shows them (admin-overlay/src/sales.js): each in
// a window that closes itself after a few seconds, sales arriving together gathered in
// it; or corner toasts, if the signed-in person chose them (stored on the server, the
// same setting as their overlay's). The "Sales:" button in the board's tools switches.

import { ask } from "../../admin-overlay/src/connection.js";
import { h, shadowHost } from "../../admin-overlay/src/dom.js";
import { saleNotices } from "../../admin-overlay/src/sales.js";
import { CSS } from "../../admin-overlay/src/styles.js";
import { toastStack } from "../../admin-overlay/src/toasts.js";

/** Shows the sales `socket` hears of; returns {show(alert)}. */
export function boardSales(socket) {
  const ui = h("div", { className: "st" });
  shadowHost("sitetracker-sales", CSS).append(ui);
  const sales = saleNotices(ui, toastStack(ui));
  const button = document.getElementById("sales-toggle");
  const showMode = (mode) => {
    sales.mode = mode;
    if (!button) return;
    button.textContent = sales.mode == "toast" ? "Sales: corner" : "Sales: window";
    button.setAttribute("aria-pressed", String(sales.mode == "toast"));
  };
  socket.on("connect", async () => {
    const ack = await ask(socket, "alerts_pending");
    if (ack.prefs) showMode(ack.prefs.sales);
  });
  if (button) {
    button.addEventListener("click", async () => {
      const ack = await ask(socket, "alert_prefs", { sales: sales.mode == "toast" ? "modal" : "toast" });
      if (ack.prefs) showMode(ack.prefs.sales);
    });
  }
  return { show: (alert) => sales.show(alert) };
}
