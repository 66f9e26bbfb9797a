// A donut of a few shares, with the numbers beside it (devices, new vs returning).

import { makeChart } from "../charts.js";
import { h, setText } from "../dom.js";
import { int } from "../format.js";

export function donut(body, colors, parts) {
  const chartEl = h("div", { className: "donut-chart" });
  const keys = h("ul", { className: "donut-keys" });
  const values = new Map();
  parts.forEach(([key, label], index) => {
    const value = h("span", { className: "donut-value", dataset: { value: key }, text: "0" });
    values.set(key, value);
    keys.append(h("li", { className: `donut-key key-${index + 1}` }, h("span", { className: "donut-label", text: label }), value));
  });
  body.append(h("div", { className: "donut-tile" }, chartEl, keys));
  const chart = makeChart(chartEl);
  chart.setOption({
    color: colors.series,
    tooltip: { trigger: "item", renderMode: "richText", confine: true },
    series: [{
      type: "pie", radius: ["58%", "88%"], avoidLabelOverlap: false, label: { show: false },
      itemStyle: { borderColor: colors.surface, borderWidth: 2 },
      data: parts.map(([key, label]) => ({ name: label, value: 0, key })),
    }],
  });
  return {
    update(counts) {
      for (const [key] of parts) setText(values.get(key), int(counts[key] || 0));
      chart.setOption({ series: [{ data: parts.map(([key, label]) => ({ name: label, value: counts[key] || 0 })) }] });
    },
    destroy: () => chart.stop(),
  };
}
