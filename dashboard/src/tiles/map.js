// Locations: a world map with shoppers as points and countries shaded by count, and the
// list of countries beside it. The map's shapes come from our server (world.json, built
// from Natural Earth's countries), fetched once per page.

import { echarts, makeChart } from "../charts.js";
import { h } from "../dom.js";
import { countryName } from "../format.js";
import { BarList } from "./bars.js";

let mapLoad = null;

function loadMap(url) {
  if (!mapLoad) {
    mapLoad = fetch(url, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`world map: HTTP ${response.status}`);
        return response.json();
      })
      .then((geo) => {
        echarts.registerMap("world", geo);
        return new Map(geo.features.map((f) => [f.properties.name, f.properties.label]));
      });
  }
  return mapLoad;
}

export default {
  title: "Locations",
  defaultSize: { w: 6, h: 5 },
  metric: (snap) => (snap.countries || []).length,
  metricLabel: "countries",
  mount(body, { colors, mapUrl, onCountry }) {
    const chartEl = h("div", { className: "map-chart" });
    const side = h("div", { className: "map-side" });
    body.append(h("div", { className: "map-tile" }, chartEl, side));
    const names = new Map(); // code -> name, as the snapshot gives it
    const list = new BarList(side, {
      empty: "No shoppers located yet",
      limit: 12,
      className: "country-list",
      label: (code) => countryName(code, names.get(code)),
    });
    const chart = makeChart(chartEl);
    // The overview filters by the country clicked (a shaded one, or any other land).
    if (onCountry) chart.on("click", (p) => { if (p.name) onCountry(p.name); });
    let ready = false;
    let latest = null;
    const draw = (snap) => {
      const countries = snap.countries || [];
      const max = Math.max(1, ...countries.map(([, , n]) => n));
      chart.setOption({
        visualMap: { max },
        series: [
          { data: countries.map(([code, , n]) => ({ name: code, value: n })) },
          { data: (snap.points || []).map(([lat, lon, n]) => [lon, lat, n]) },
        ],
      });
    };
    loadMap(mapUrl).then((labels) => {
      chart.setOption({
        tooltip: { trigger: "item", renderMode: "richText", confine: true },
        geo: {
          map: "world", roam: false, silent: false, top: 4, bottom: 4, left: 4, right: 4,
          itemStyle: { areaColor: colors.land, borderColor: colors.surface, borderWidth: 0.6 },
          emphasis: { disabled: true }, select: { disabled: true },
        },
        visualMap: {
          show: false, type: "continuous", min: 0, max: 1, seriesIndex: 0,
          inRange: { color: [colors.land, colors.series[0]] },
        },
        series: [
          {
            type: "map", geoIndex: 0, data: [],
            tooltip: { formatter: (p) => `${countryName(p.name, names.get(p.name) || labels.get(p.name))}: ${p.value || 0}` },
          },
          {
            type: "effectScatter", coordinateSystem: "geo", data: [],
            symbolSize: (v) => Math.min(18, 5 + Math.sqrt(v[2]) * 3),
            rippleEffect: { scale: 3, brushType: "stroke", period: 3 },
            itemStyle: { color: colors.series[2], shadowBlur: 6, shadowColor: colors.series[2] },
            tooltip: { formatter: (p) => `${p.value[2]} here` },
            zlevel: 1,
          },
        ],
      });
      ready = true;
      if (latest) draw(latest);
    }).catch((error) => {
      chartEl.replaceChildren(h("p", { className: "tile-empty", text: String(error.message || error) }));
    });
    return {
      update({ snap }) {
        latest = snap;
        for (const [code, name] of snap.countries || []) if (name) names.set(code, name);
        list.update((snap.countries || []).map(([code, , n]) => [code, n]));
        if (ready) draw(snap);
      },
      destroy: () => chart.stop(),
    };
  },
};
