// This month's peak: the most shoppers live at once and when, with now on a dial from
// the month's low to its high.

import { makeChart } from "../charts.js";
import { h, setText } from "../dom.js";
import { dayAndTime, int } from "../format.js";
import { registerTile } from "./registry.js";

registerTile({
  type: "peak",
  title: "Peak this month",
  defaultSize: { w: 3, h: 3 },
  mount(body, { colors }) {
    const value = h("span", { className: "mid-number", dataset: { value: "peak" }, text: "–" });
    const when = h("span", { className: "tile-note" });
    const chartEl = h("div", { className: "tile-chart" });
    body.append(h("div", { className: "big-row" }, value, when), chartEl);
    const chart = makeChart(chartEl);
    const gauge = (low, high, now) => ({
      type: "gauge", min: low, max: Math.max(high, low + 1), startAngle: 200, endAngle: -20,
      radius: "95%", center: ["50%", "62%"], splitNumber: 4,
      progress: { show: true, width: 12, itemStyle: { color: colors.series[0] } },
      axisLine: { lineStyle: { width: 12, color: [[1, colors.border]] } },
      pointer: { show: true, length: "60%", width: 4, itemStyle: { color: colors.text } },
      anchor: { show: true, size: 8, itemStyle: { color: colors.text } },
      axisTick: { show: false }, splitLine: { show: false },
      axisLabel: { color: colors.muted, fontSize: 10, distance: 16, formatter: (v) => int(v) },
      title: { show: true, offsetCenter: [0, "38%"], color: colors.muted, fontSize: 11 },
      detail: { offsetCenter: [0, "8%"], fontSize: 18, fontWeight: 600, color: colors.text, formatter: (v) => int(v) },
      data: [{ value: now, name: "now" }],
    });
    chart.setOption({ series: [gauge(0, 1, 0)] });
    return {
      update({ snap }) {
        const peak = snap.peak_month || {};
        const high = Math.max(peak.value || 0, snap.users);
        setText(value, int(high));
        setText(when, peak.at ? `on ${dayAndTime(peak.at)}` : "now");
        chart.setOption({ series: [gauge(Math.min(peak.low || 0, snap.users), high, snap.users)] });
      },
      destroy: () => chart.stop(),
    };
  },
});
