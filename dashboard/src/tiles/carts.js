// Carts at risk: how many shoppers live now hold a cart they have not paid for, and what
// it is worth; and today's sales beside them (in the day's main currency, the others
// listed under it; no amount while there are no sales).

import { h, setText } from "../dom.js";
import { int, money } from "../format.js";

export default {
  title: "Carts at risk · sales today",
  defaultSize: { w: 3, h: 4 },
  metric: (snap) => ((snap.commerce || {}).carts_at_risk || {}).count || 0,
  metricLabel: "carts at risk",
  alerts: ["sale", "purchase_above"],
  mount(body) {
    const count = h("span", { className: "big-number", dataset: { value: "carts-at-risk" }, text: "–" });
    const value = h("span", { className: "mid-number", dataset: { value: "carts-value" }, text: "–" });
    const sales = h("span", { className: "mid-number", dataset: { value: "sales-count" }, text: "–" });
    const revenue = h("span", { className: "mid-number", dataset: { value: "sales-value" }, text: "–" });
    const others = h("span", { className: "tile-note sales-others" });
    const revenueRow = h("div", { className: "big-row" }, revenue, others);
    body.append(
      h("div", { className: "big-row" }, count, h("span", { className: "tile-note", text: "open carts" })),
      h("div", { className: "big-row" }, value, h("span", { className: "tile-note", text: "in carts now" })),
      h("div", { className: "sales-row" },
        h("div", { className: "big-row" }, sales, h("span", { className: "tile-note", text: "sales today" })),
        revenueRow));
    return {
      update(model) {
        const { snap } = model;
        const commerce = snap.commerce || {};
        const risk = commerce.carts_at_risk || {};
        const today = commerce.sales_today || {};
        setText(count, int(risk.count));
        // Carts carry no currency: the store's as far as the board knows it.
        setText(value, money(risk.value || 0, model.currency()));
        setText(sales, int(today.count));
        revenueRow.hidden = !today.count;
        setText(revenue, money(today.value || 0, today.currency));
        const rest = Object.entries(today.by_currency || {}).filter(([code]) => code !== today.currency);
        setText(others, rest.map(([code, line]) => `+ ${money(line.value, code)} (${int(line.count)})`).join(" · "));
      },
    };
  },
};
