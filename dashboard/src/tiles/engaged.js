// Engaged time today: the running total, and the day's graph (Chartbeat's): shoppers
// live at once and engaged shoppers per minute, against the band of what is usual at
// that time of day over the previous four weeks. The graph spans the day from its first
// data (on the hour, two hours at least) to now, so what just came in is not a speck at
// the left of an empty day.

import { makeChart, markLines, timeAxis, tooltip, valueAxis } from "../charts.js";
import { h, setText } from "../dom.js";
import { duration } from "../format.js";

const HOUR = 3600;

/** The graph's span (s): from the hour of the day's first data, or two hours ago if
 *  later, never before midnight; to now and a little room. */
export function engagedWindow(model, midnight) {
  const now = model.snap.at;
  const first = [model.concurrentsSince(midnight), model.engagedSince(midnight)]
    .map((rows) => rows.find(([, n]) => n > 0)).filter(Boolean).map(([m]) => m);
  const start = Math.min(now - 2 * HOUR, ...first);
  const from = Math.max(midnight, Math.floor(start / HOUR) * HOUR);
  return { from, to: now + Math.max(120, (now - from) * 0.03) };
}

export default {
  title: "Engaged time today",
  defaultSize: { w: 6, h: 3 },
  metric: (snap) => Math.round((snap.engaged_today || 0) / 60),
  metricLabel: "engaged minutes today",
  mount(body, { colors }) {
    const total = h("span", { className: "big-number", dataset: { value: "engaged" }, text: "–" });
    const legend = h("span", { className: "legend" },
      h("span", { className: "key key-1" }, "live"),
      h("span", { className: "key key-2" }, "engaged"),
      h("span", { className: "key key-band" }, "typical"));
    const chartEl = h("div", { className: "tile-chart" });
    body.append(h("div", { className: "big-row" }, total, legend), chartEl);
    const chart = makeChart(chartEl);
    chart.setOption({
      animation: false,
      grid: { left: 30, right: 8, top: 10, bottom: 20 },
      tooltip: tooltip(),
      xAxis: timeAxis(colors),
      yAxis: valueAxis(colors, { min: 0 }),
      series: [
        { type: "line", name: "typical low", stack: "band", showSymbol: false, data: [], lineStyle: { opacity: 0 }, tooltip: { show: false } },
        { type: "line", name: "typical", stack: "band", showSymbol: false, data: [], lineStyle: { opacity: 0 }, areaStyle: { color: colors.band }, tooltip: { show: false } },
        { type: "line", name: "live", showSymbol: false, data: [], lineStyle: { width: 2, color: colors.series[0] }, itemStyle: { color: colors.series[0] } },
        { type: "line", name: "engaged", showSymbol: false, data: [], lineStyle: { width: 2, color: colors.series[1] }, itemStyle: { color: colors.series[1] }, areaStyle: { color: colors.series[1], opacity: 0.12 } },
      ],
    });
    let bandFor = null;
    return {
      update(model) {
        const snap = model.snap;
        setText(total, duration(snap.engaged_today));
        const midnight = model.midnight();
        const { from, to } = engagedWindow(model, midnight);
        const series = [{}, {}, {
          data: model.concurrentsSince(midnight).map(([m, n]) => [m * 1000, n]),
        }, {
          data: model.engagedSince(midnight).map(([m, n]) => [m * 1000, Math.round(n * 10) / 10]),
          markLine: markLines(model.marks, colors, from, to, chart),
        }];
        const typical = model.history && model.history.typical;
        if (typical && bandFor !== midnight) {
          bandFor = midnight;
          const at = (minute) => (midnight + minute * 60) * 1000;
          series[0] = { data: typical.concurrents.map(([m, low]) => [at(m), low]) };
          series[1] = { data: typical.concurrents.map(([m, low, , high]) => [at(m), Math.max(0, high - low)]) };
        }
        chart.setOption({ xAxis: { min: from * 1000, max: to * 1000 }, series });
      },
      destroy: () => chart.stop(),
    };
  },
};
