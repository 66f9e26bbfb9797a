// This month's peak: the most shoppers live at once and when, with now on a dial from
// the month's low to its high.

import { makeChart } from "../charts.js";
import { h, setText } from "../dom.js";
import { dayAndTime, int } from "../format.js";

export default {
  title: "Peak this month",
  defaultSize: { w: 3, h: 3 },
  mount(body, { colors }) {
    const value = h("span", { className: "mid-number", dataset: { value: "peak" }, text: "–" });
    const when = h("span", { className: "tile-note" });
    const chartEl = h("div", { className: "tile-chart gauge-chart" });
    const low = h("span", { text: "–" });
    const high = h("span", { text: "–" });
    body.append(h("div", { className: "big-row" }, value, when), chartEl,
      h("div", { className: "gauge-scale" }, h("span", {}, "low ", low), h("span", {}, "high ", high)));
    const chart = makeChart(chartEl);
    const gauge = (low, high, now) => ({
      type: "gauge", min: low, max: Math.max(high, low + 1), startAngle: 180, endAngle: 0,
      radius: "140%", center: ["50%", "92%"], splitNumber: 1,
      progress: { show: true, width: 14, roundCap: true, itemStyle: { color: colors.series[0] } },
      axisLine: { roundCap: true, lineStyle: { width: 14, color: [[1, colors.border]] } },
      pointer: { show: false },
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
      title: { show: true, offsetCenter: [0, "-12%"], color: colors.muted, fontSize: 11 },
      detail: { offsetCenter: [0, "-38%"], fontSize: 24, fontWeight: 700, color: colors.text, formatter: (v) => int(v) },
      data: [{ value: now, name: "now" }],
    });
    chart.setOption({ series: [gauge(0, 1, 0)] });
    return {
      update({ snap }) {
        const peak = snap.peak_month || {};
        const top = Math.max(peak.value || 0, snap.users);
        const bottom = Math.min(peak.low || 0, snap.users);
        setText(value, int(top));
        setText(when, peak.at ? `on ${dayAndTime(peak.at)}` : "now");
        setText(low, int(bottom));
        setText(high, int(top));
        chart.setOption({ series: [gauge(bottom, top, snap.users)] });
      },
      destroy: () => chart.stop(),
    };
  },
};
