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
  chart.stop = () => {
    observer.disconnect();
    chart.dispose();
  };
  return chart;
}

export function tooltip(extra) {
  return Object.assign({ trigger: "axis", renderMode: "richText", confine: true }, extra || {});
}

/** Vertical lines at the marked moments (thresholds crossed, alerts, broadcasts). */
export function markLines(marks, colors, from) {
  const shown = marks.filter((m) => m.at >= from);
  return {
    silent: true,
    symbol: "none",
    animation: false,
    label: { show: true, position: "insideEndTop", color: colors.mark, fontSize: 10, formatter: (p) => p.name },
    lineStyle: { color: colors.mark, type: "dashed", width: 1.5 },
    data: shown.map((m) => ({ xAxis: m.at * 1000, name: m.label.slice(0, 28) })),
  };
}

export function timeAxis(colors, extra) {
  return Object.assign({
    type: "time",
    axisLine: { lineStyle: { color: colors.border } },
    axisLabel: { color: colors.muted, fontSize: 10, hideOverlap: true },
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
