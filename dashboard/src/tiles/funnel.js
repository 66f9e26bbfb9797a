// Today's funnel: shoppers who added to cart, reached checkout, reached the thank-you
// page, as three gauges against the carts; the live abandonment rates under them.

import { makeChart } from "../charts.js";
import { h, setText } from "../dom.js";
import { int, percent } from "../format.js";

const STAGES = [["carts", "Cart"], ["checkouts", "Checkout"], ["purchases", "Thank you"]];

export default {
  title: "Funnel today",
  defaultSize: { w: 5, h: 4 },
  metric: (snap) => ((snap.commerce || {}).funnel || {}).open_checkouts || 0,
  metricLabel: "open checkouts",
  // Checkout trouble (the emergency rules) and payment errors.
  alerts: ["severity:emergency", "payment_error"],
  mount(body, { colors }) {
    const chartEl = h("div", { className: "tile-chart funnel-chart" });
    const values = new Map();
    const keys = h("ul", { className: "funnel-keys" }, STAGES.map(([key, label], i) => {
      const value = h("span", { className: "funnel-value", dataset: { value: `funnel-${key}` }, text: "0" });
      values.set(key, value);
      return h("li", { className: `key key-${i + 1}` }, label, " ", value);
    }));
    const rate = (name, label) => {
      const value = h("span", { className: "rate-value", dataset: { value: name }, text: "—" });
      values.set(name, value);
      return h("span", { className: "rate" }, h("span", { className: "tile-note", text: label }), value);
    };
    body.append(chartEl, keys, h("div", { className: "rates" },
      rate("cart_abandonment", "cart abandonment"), rate("checkout_abandonment", "checkout abandonment")));
    const chart = makeChart(chartEl);
    const gauge = (index, value, max) => ({
      type: "gauge", min: 0, max, startAngle: 200, endAngle: -20,
      radius: "78%", center: [`${17 + index * 33}%`, "58%"], splitNumber: 1,
      progress: { show: true, width: 10, roundCap: true, itemStyle: { color: colors.series[index] } },
      axisLine: { roundCap: true, lineStyle: { width: 10, color: [[1, colors.border]] } },
      pointer: { show: false }, anchor: { show: false },
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
      title: { show: false },
      detail: { offsetCenter: [0, "6%"], fontSize: 22, fontWeight: 700, color: colors.text, formatter: (v) => int(v) },
      data: [{ value, name: STAGES[index][1] }],
    });
    const draw = (funnel) => {
      const max = Math.max(1, funnel.carts || 0, funnel.checkouts || 0, funnel.purchases || 0);
      chart.setOption({ series: STAGES.map(([key], i) => gauge(i, funnel[key] || 0, max)) });
    };
    draw({});
    return {
      update({ snap }) {
        const funnel = (snap.commerce || {}).funnel || {};
        for (const [key] of STAGES) setText(values.get(key), int(funnel[key]));
        for (const name of ["cart_abandonment", "checkout_abandonment"]) setText(values.get(name), percent(funnel[name]));
        draw(funnel);
      },
      destroy: () => chart.stop(),
    };
  },
};
