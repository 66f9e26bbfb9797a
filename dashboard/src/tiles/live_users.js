// Live users: the big number, an arrow against this time last week, the last 30 minutes.

import { makeChart, markLines, timeAxis, tooltip, valueAxis } from "../charts.js";
import { h, setText } from "../dom.js";
import { int } from "../format.js";

const WINDOW = 30 * 60;

export default {
  title: "Live users",
  defaultSize: { w: 3, h: 3 },
  metric: (snap) => snap.users,
  metricLabel: "live users",
  alerts: ["live_users_above", "live_users_below"],
  mount(body, { colors }) {
    const number = h("span", { className: "big-number", dataset: { value: "users" }, text: "–" });
    const arrow = h("span", { className: "trend", dataset: { trend: "none" } });
    const compare = h("span", { className: "tile-note" });
    const chartEl = h("div", { className: "tile-chart spark-chart" });
    body.append(h("div", { className: "big-row" }, number, h("span", { className: "trend-box" }, arrow, compare)), chartEl);
    const chart = makeChart(chartEl);
    chart.setOption({
      animationDurationUpdate: 500,
      grid: { left: 2, right: 2, top: 6, bottom: 2 },
      tooltip: tooltip(),
      xAxis: timeAxis(colors, { show: false }),
      yAxis: valueAxis(colors, { show: false, min: 0 }),
      series: [{
        type: "line", name: "Live users", showSymbol: false, smooth: 0.3, data: [],
        lineStyle: { width: 2, color: colors.series[0] },
        areaStyle: { color: colors.series[0], opacity: 0.18 },
      }],
    });
    return {
      update(model) {
        const snap = model.snap;
        setText(number, int(snap.users));
        const then = model.lastWeekNow();
        if (then === null) {
          arrow.dataset.trend = "none";
          setText(arrow, "");
          setText(compare, "no data last week");
        } else {
          const change = snap.users - then;
          arrow.dataset.trend = change > 0 ? "up" : change < 0 ? "down" : "flat";
          setText(arrow, change > 0 ? "▲" : change < 0 ? "▼" : "■");
          const pct = then ? ` (${change >= 0 ? "+" : ""}${Math.round((change / then) * 100)}%)` : "";
          setText(compare, `${int(then)} this time last week${pct}`);
        }
        const from = snap.at - WINDOW;
        const points = model.concurrentsSince(Math.floor(from / 60) * 60).map(([m, n]) => [m * 1000, n]);
        points.push([snap.at * 1000, snap.users]);
        chart.setOption({
          xAxis: { min: from * 1000, max: snap.at * 1000 },
          series: [{ data: points, markLine: markLines(model.marks, colors, from, snap.at, chart) }],
        });
      },
      destroy: () => chart.stop(),
    };
  },
};
