// Apache ECharts, only the parts the board draws (tree-shaken by the build), and the
// board's colours for each theme. Tooltips are drawn on the canvas (renderMode
// "richText"), so no HTML with inline styles is made: the page's CSP stays strict.

import { BarChart, EffectScatterChart, GaugeChart, LineChart, MapChart, PieChart } from "echarts/charts";
import {
  GeoComponent,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart, EffectScatterChart, GaugeChart, LineChart, MapChart, PieChart,
  GeoComponent, GridComponent, MarkLineComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };

/** The theme's colours, read from the CSS variables of the page. */
export function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    text: v("--text"),
    muted: v("--muted"),
    border: v("--border"),
    surface: v("--surface"),
    accent: v("--accent"),
    series: [v("--c1"), v("--c2"), v("--c3"), v("--c4"), v("--c5"), v("--c6")],
    band: v("--band"),
    mark: v("--mark"),
    land: v("--land"),
  };
}

/** A chart in `el` that follows the element's size. */
export function makeChart(el) {
  const chart = echarts.init(el, null, { renderer: "canvas" });
  const observer = new ResizeObserver(() => {
    if (el.clientWidth && el.clientHeight) chart.resize();
  });
  observer.observe(el);
  el.chart = chart; // for the console and the browser tests: what is drawn, and where
  chart.stop = () => {
    observer.disconnect();
    chart.dispose();
  };
  return chart;
}

export function tooltip(extra) {
  return Object.assign({ trigger: "axis", renderMode: "richText", confine: true }, extra || {});
}

const MARK_GAP = 16; // px: marks closer than this on the graph share one line and label
const LABEL_ROOM = 14; // px: a vertical label's thickness beside its line
const KINDS = { sale: "sales", alert: "alerts", broadcast: "broadcasts", threshold: "thresholds" };

/** The marks from `from` on, in groups at least MARK_GAP px apart on a plot `width` px
 *  wide that ends at `to` (s): [{at, marks}], `at` the group's first moment. A mark past
 *  `to` (an alert stamped after the snapshot the graph ends with) stands at `to`. */
export function groupMarks(marks, from, to, width) {
  const pxPerSecond = Math.max(1, width) / Math.max(1, to - from);
  const groups = [];
  const shown = marks.filter((m) => m.at >= from).map((m) => ({ ...m, at: Math.min(m.at, to) }));
  for (const mark of shown.sort((a, b) => a.at - b.at)) {
    const last = groups[groups.length - 1];
    if (last && (mark.at - last.at) * pxPerSecond < MARK_GAP) last.marks.push(mark);
    else groups.push({ at: mark.at, marks: [mark] });
  }
  return groups;
}

/** "Sale: 59.00 EUR, 1 item" for one mark; "3 sales" (or "3 marks" of mixed kinds). */
export function groupLabel(group) {
  const [first] = group.marks;
  if (group.marks.length === 1) return first.label;
  const kinds = new Set(group.marks.map((m) => m.kind));
  const name = kinds.size === 1 ? KINDS[first.kind] || "marks" : "marks";
  return `${group.marks.length} ${name}`;
}

/** The plot's rectangle in px: the chart's size less its grid's margins. */
function plotSize(chart) {
  const grid = (chart.getOption().grid || [{}])[0];
  const px = (v) => (typeof v === "number" ? v : 0);
  return {
    width: chart.getWidth() - px(grid.left) - px(grid.right),
    height: chart.getHeight() - px(grid.top) - px(grid.bottom),
  };
}

/** Vertical lines at the marked moments (sales, alerts, broadcasts, thresholds crossed)
 *  from `from` to `to` (s) on `chart`: marks close together share one line labelled
 *  "3 sales", and each label runs down its line on the side with room, cut to the
 *  plot's height, so labels neither overlap nor leave the plot. */
export function markLines(marks, colors, from, to, chart) {
  const { width, height } = plotSize(chart);
  const groups = groupMarks(marks, from, to, width);
  const xOf = (at) => ((at - from) / Math.max(1, to - from)) * width;
  return {
    silent: true,
    symbol: "none",
    animation: false,
    lineStyle: { color: colors.mark, type: "dashed", width: 1.5 },
    data: groups.map((group) => ({
      xAxis: group.at * 1000,
      name: groupLabel(group),
      label: {
        show: height > 30,
        // Left of the line, unless the line is too close to the plot's left edge.
        position: xOf(group.at) < LABEL_ROOM ? "insideEndBottom" : "insideEndTop",
        color: colors.mark,
        backgroundColor: colors.surface, // readable over the bars
        padding: [1, 2],
        borderRadius: 2,
        fontSize: 10,
        width: Math.max(0, height - 10),
        overflow: "truncate",
        formatter: (p) => p.name,
      },
    })),
  };
}

export function timeAxis(colors, extra) {
  return Object.assign({
    type: "time",
    axisLine: { lineStyle: { color: colors.border } },
    // Hours and minutes only (the graphs show part of one day), the end labels kept
    // inside the chart.
    axisLabel: { color: colors.muted, fontSize: 10, hideOverlap: true, formatter: "{HH}:{mm}", alignMinLabel: "left", alignMaxLabel: "right" },
    splitLine: { show: false },
  }, extra || {});
}

export function valueAxis(colors, extra) {
  return Object.assign({
    type: "value",
    minInterval: 1,
    axisLabel: { color: colors.muted, fontSize: 10 },
    splitLine: { lineStyle: { color: colors.border, opacity: 0.5 } },
  }, extra || {});
}
