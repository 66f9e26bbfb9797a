// Abandonment over the last 7, 30 or 90 days: cart and checkout abandonment as lines,
// purchases as bars; today (not final yet) drawn faded and dashed, and kept live from the
// snapshot's funnel. The days come from GET /funnel?days=N: once, again when the range
// changes, and after midnight; never polled.

import { makeChart, tooltip, valueAxis } from "../charts.js";
import { h, setText } from "../dom.js";
import { percent } from "../format.js";

const RANGES = [7, 30, 90];
// The site's midnight once the board's history told its time zone (before that, the
// model can only guess in UTC, and a guess must not pass for a new day).
const siteMidnight = (model) => (model.history ? model.midnight() : null);
const LIVE = ["carts", "checkouts", "purchases", "cart_abandonment", "checkout_abandonment"];
const pct = (rate) => (rate === null || rate === undefined ? "-" : Math.round(rate * 1000) / 10);
const dayLabel = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString([], { month: "short", day: "numeric", timeZone: "UTC" });

export default {
  title: "Abandonment history",
  defaultSize: { w: 4, h: 4 },
  mount(body, { colors, api, getJSON }) {
    let range = 7;
    let days = null;
    let fetchedFor = null; // the midnight the days were fetched after
    let asked = 0;
    const buttons = RANGES.map((n) => h("button", {
      type: "button", className: "range-btn", dataset: { days: String(n) }, text: `${n}d`,
      "aria-pressed": String(n === range), on: { click: () => choose(n) },
    }));
    const csv = h("a", { className: "csv-link", href: `${api}/funnel.csv?days=${range}`, download: "", text: "CSV" });
    const note = h("span", { className: "tile-note history-note" });
    const chartEl = h("div", { className: "tile-chart" });
    body.append(
      h("div", { className: "history-tools" }, h("span", { className: "range", role: "group", "aria-label": "Days" }, buttons),
        h("span", { className: "legend" }, h("span", { className: "key key-1" }, "cart"), h("span", { className: "key key-2" }, "checkout"), h("span", { className: "key key-3" }, "bought")),
        csv),
      chartEl, note);
    const chart = makeChart(chartEl);
    const line = (name, color, dashed) => ({
      type: "line", name, yAxisIndex: 0, data: [], connectNulls: false, symbolSize: 5,
      lineStyle: { width: 2, color, type: dashed ? "dashed" : "solid" },
      itemStyle: { color, borderColor: color }, ...(dashed && { symbol: "emptyCircle", tooltip: { show: false } }),
    });
    chart.setOption({
      animationDurationUpdate: 300,
      grid: { left: 34, right: 28, top: 12, bottom: 20 },
      tooltip: tooltip({ valueFormatter: (v) => (v === "-" || v === undefined ? "—" : String(v)) }),
      xAxis: { type: "category", data: [], axisLine: { lineStyle: { color: colors.border } }, axisTick: { show: false },
        axisLabel: { color: colors.muted, fontSize: 10, hideOverlap: true } },
      yAxis: [
        valueAxis(colors, { min: 0, max: 100, interval: 50, axisLabel: { color: colors.muted, fontSize: 10, formatter: "{value}%" } }),
        valueAxis(colors, { min: 0, splitLine: { show: false } }),
      ],
      series: [
        { type: "bar", name: "purchases", yAxisIndex: 1, data: [], barMaxWidth: 14, itemStyle: { color: colors.series[2], borderRadius: [2, 2, 0, 0] } },
        line("cart abandonment %", colors.series[0], false),
        line("checkout abandonment %", colors.series[1], false),
        line("cart (today)", colors.series[0], true),
        line("checkout (today)", colors.series[1], true),
      ],
    });

    function draw() {
      if (!days) return;
      const final = days.map((d) => d.final);
      // A not-final day joins the lines dashed, from the last final day on.
      const partOf = (rates, keepFinal) => rates.map((v, i) => (final[i] === keepFinal || (!keepFinal && final[i] && !final[i + 1] && i + 1 < final.length) ? v : "-"));
      const cart = days.map((d) => pct(d.cart_abandonment));
      const checkout = days.map((d) => pct(d.checkout_abandonment));
      chart.setOption({
        xAxis: { data: days.map((d) => dayLabel(d.day)) },
        series: [
          { data: days.map((d) => (d.final ? d.purchases : { value: d.purchases, itemStyle: { opacity: 0.45, borderType: "dashed", borderColor: colors.series[2], borderWidth: 1 } })) },
          { data: partOf(cart, true) }, { data: partOf(checkout, true) },
          { data: partOf(cart, false) }, { data: partOf(checkout, false) },
        ],
      });
      const today = days[days.length - 1];
      setText(note, today && !today.final
        ? `Today so far: cart ${percent(today.cart_abandonment)} · checkout ${percent(today.checkout_abandonment)} abandoned · ${today.purchases} bought`
        : "");
    }

    async function load(midnight) {
      const ask = ++asked;
      fetchedFor = midnight;
      try {
        const answer = await getJSON(`${api}/funnel?days=${range}`);
        if (ask !== asked) return; // a later range was chosen meanwhile
        days = answer.days;
        body.dataset.days = String(days.length);
        body.dataset.today = answer.today;
        draw();
      } catch (error) {
        if (ask === asked) setText(note, `History unavailable: ${error.message}`);
      }
    }

    let lastModel = null;
    function choose(n) {
      range = n;
      for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.days === String(n)));
      csv.href = `${api}/funnel.csv?days=${n}`;
      load(lastModel ? siteMidnight(lastModel) : null);
    }
    load(null);

    return {
      update(model) {
        lastModel = model;
        const midnight = siteMidnight(model);
        if (midnight !== null) {
          if (fetchedFor !== null && fetchedFor !== midnight) return load(midnight); // a new day
          if (fetchedFor === null) fetchedFor = midnight;
        }
        const funnel = (model.snap.commerce || {}).funnel;
        const today = days && days[days.length - 1];
        if (funnel && today && !today.final && LIVE.some((name) => today[name] !== funnel[name])) {
          for (const name of LIVE) today[name] = funnel[name];
          draw();
        }
      },
      destroy: () => chart.stop(),
    };
  },
};
