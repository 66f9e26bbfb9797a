// Page views and other events per minute, the last 30 minutes.

import { makeChart, markLines, timeAxis, tooltip, valueAxis } from "../charts.js";
import { h, setText } from "../dom.js";
import { int } from "../format.js";

const lastMinute = (snap) => {
  const views = (snap.events_per_minute || {}).pageview || [];
  const minute = Math.floor(snap.at / 60) * 60;
  const found = views.find(([m]) => m === minute);
  return found ? found[1] : 0;
};

export default {
  title: "Page views & events per minute",
  defaultSize: { w: 6, h: 4 },
  metric: lastMinute,
  metricLabel: "page views this minute",
  mount(body, { colors }) {
    const number = h("span", { className: "mid-number", dataset: { value: "pageviews" }, text: "–" });
    const note = h("span", { className: "tile-note", text: "page views this minute" });
    const chartEl = h("div", { className: "tile-chart" });
    body.append(h("div", { className: "big-row" }, number, note), chartEl);
    const chart = makeChart(chartEl);
    chart.setOption({
      animationDurationUpdate: 300,
      grid: { left: 30, right: 8, top: 10, bottom: 20 },
      tooltip: tooltip(),
      xAxis: timeAxis(colors),
      yAxis: valueAxis(colors, { min: 0 }),
      series: [
        { type: "bar", name: "page views", stack: "all", data: [], itemStyle: { color: colors.series[0], borderRadius: [2, 2, 0, 0] } },
        { type: "bar", name: "other events", stack: "all", data: [], itemStyle: { color: colors.series[3], borderRadius: [2, 2, 0, 0] } },
      ],
    });
    return {
      update(model) {
        const snap = model.snap;
        const perMinute = snap.events_per_minute || {};
        const views = new Map();
        const other = new Map();
        for (const [name, rows] of Object.entries(perMinute)) {
          for (const [minute, n] of rows) {
            const target = name === "pageview" ? views : other;
            target.set(minute, (target.get(minute) || 0) + n);
          }
        }
        const now = Math.floor(snap.at / 60) * 60;
        const from = now - 29 * 60;
        const minutes = Array.from({ length: 30 }, (_, i) => from + i * 60);
        setText(number, int(views.get(now) || 0));
        chart.setOption({
          xAxis: { min: (from - 30) * 1000, max: (now + 30) * 1000 },
          series: [
            { data: minutes.map((m) => [m * 1000, views.get(m) || 0]), markLine: markLines(model.marks, colors, from - 30, now + 30, chart) },
            { data: minutes.map((m) => [m * 1000, other.get(m) || 0]) },
          ],
        });
      },
      destroy: () => chart.stop(),
    };
  },
};
