// One custom event, chosen in the tile's settings (saved in the layout as the tile's
// `event` option): how many times per minute over the last 30 minutes, and today's count.

import { makeChart, markLines, timeAxis, tooltip, valueAxis } from "../charts.js";
import { h, setText } from "../dom.js";
import { int } from "../format.js";

const DEFAULT_EVENT = "add_to_cart";

export default {
  title: "Custom event",
  defaultSize: { w: 6, h: 4 },
  options: [{ name: "event", label: "Event name", pattern: "[a-z][a-z0-9_]{0,39}", placeholder: "size_guide" }],
  mount(body, { colors, options }) {
    const name = options.event || DEFAULT_EVENT;
    const today = h("span", { className: "mid-number", dataset: { value: "event-today" }, text: "–" });
    const label = h("span", { className: "event-name", dataset: { value: "event-name" }, text: name, title: name });
    const chartEl = h("div", { className: "tile-chart" });
    body.append(h("div", { className: "big-row" }, today, h("span", { className: "tile-note" }, label, " today")), chartEl);
    const chart = makeChart(chartEl);
    chart.setOption({
      animationDurationUpdate: 300,
      grid: { left: 30, right: 8, top: 10, bottom: 20 },
      tooltip: tooltip(),
      xAxis: timeAxis(colors),
      yAxis: valueAxis(colors, { min: 0 }),
      series: [{ type: "bar", name, data: [], itemStyle: { color: colors.series[4], borderRadius: [2, 2, 0, 0] } }],
    });
    return {
      update(model) {
        const snap = model.snap;
        const counts = new Map(((snap.events_per_minute || {})[name] || []).map(([m, n]) => [m, n]));
        setText(today, int(((snap.commerce || {}).events_today || {})[name]));
        const now = Math.floor(snap.at / 60) * 60;
        const from = now - 29 * 60;
        chart.setOption({
          xAxis: { min: (from - 30) * 1000, max: (now + 30) * 1000 },
          series: [{
            data: Array.from({ length: 30 }, (_, i) => [(from + i * 60) * 1000, counts.get(from + i * 60) || 0]),
            markLine: markLines(model.marks, colors, from - 30, now + 30, chart),
          }],
        });
      },
      destroy: () => chart.stop(),
    };
  },
};
