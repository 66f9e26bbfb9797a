// A site's reports page: the period chosen in the form, fetched from
// /api/sites/<key>/reports and drawn as figures (with the change against the period
// before), three charts and tables, and the funnels (report-funnels.js). Every table has
// a CSV download (csv.js); printing (to PDF) uses the print stylesheet. Everything
// shoppers sent goes in as text (h()).

import { LegendComponent } from "echarts/components";
import { echarts, makeChart, tooltip } from "./charts.js";
import { download } from "./csv.js";
import { h } from "./dom.js";
import { funnelsSection } from "./report-funnels.js";
import { countryName, duration, int, money, percent } from "./format.js";

echarts.use([LegendComponent]);

const root = document.getElementById("report");
const form = document.getElementById("report-range");
const COLORS = ["#4f46e5", "#0891b2", "#16a34a", "#d97706", "#db2777", "#64748b"];
// The classes of the page's width the server counts (docs/reports.md).
const SCREEN_NAMES = { phone: "Phone (< 576 px)", tablet: "Tablet (576–991 px)", laptop: "Laptop (992–1439 px)", desktop: "Desktop (≥ 1440 px)" };
const CHANNEL_NAMES = { direct: "Direct", organic_search: "Organic search", paid: "Paid", social: "Social", email: "E-mail", referral: "Referral" };

const FIGURES = [
  ["visitors", "Visitors", int],
  ["sessions", "Sessions", int],
  ["pageviews", "Page views", int],
  ["bounce_rate", "Bounce rate", percent, true],
  ["avg_session_seconds", "Avg. session", duration],
  ["engaged_per_visitor", "Engaged time / visitor", duration],
  ["conversion_rate", "Conversion rate", percent],
  ["orders", "Orders", int],
];

function change(now, before, lowerIsBetter) {
  if (typeof now !== "number" || typeof before !== "number" || !before) return h("span", { className: "delta", text: "—" });
  const rate = (now - before) / before;
  const good = lowerIsBetter ? rate < 0 : rate > 0;
  return h("span", { className: `delta ${rate === 0 ? "" : good ? "up" : "down"}`, text: `${rate >= 0 ? "+" : ""}${Math.round(rate * 100)}%`, title: "against the period before" });
}

function figureCard(label, value, delta) {
  return h("div", { className: "figure" }, h("span", { className: "figure-label", text: label }), h("strong", { className: "figure-value", text: value }), delta);
}

function figures(report) {
  const now = report.figures;
  const before = (report.previous && report.previous.figures) || {};
  const cards = FIGURES.map(([key, label, fmt, lower]) => figureCard(label, now[key] === null ? "—" : fmt(now[key]), change(now[key], before[key], lower)));
  const currencies = Object.keys(now.revenue);
  if (!currencies.length) cards.push(figureCard("Revenue", "—", change(0, 0)));
  for (const c of currencies) {
    cards.push(figureCard(`Revenue (${c})`, money(now.revenue[c], c), change(now.revenue[c], (before.revenue || {})[c])));
    cards.push(figureCard(`Avg. order (${c})`, money(now.avg_order_value[c] || 0, c), change(now.avg_order_value[c], (before.avg_order_value || {})[c])));
  }
  return h("section", { className: "figures", "aria-label": "Figures" }, cards);
}

const SHOWN = 10; // rows a table shows before "Show all"; the CSV has every row

/** A titled table with its CSV button; `empty` shown when there are no rows. */
function table(title, name, columns, rows, empty = "Nothing in this period.", wide = false) {
  const button = h("button", { type: "button", className: "button small ghost no-print", text: "CSV", on: { click: () => download(name, columns, rows) } });
  const line = (row) => h("tr", {}, row.map((cell, i) => h("td", { className: i && typeof cell === "number" ? "num" : "", text: typeof cell === "number" ? int(cell) : cell })));
  const tbody = h("tbody", {}, rows.slice(0, SHOWN).map(line));
  const more = rows.length > SHOWN
    ? h("button", { type: "button", className: "button small ghost more no-print", text: `Show all ${rows.length}`, on: { click: (event) => { tbody.append(...rows.slice(SHOWN).map(line)); event.target.remove(); } } })
    : null;
  const body = rows.length
    ? h("table", { className: "report-table" }, h("thead", {}, h("tr", {}, columns.map((c, i) => h("th", { scope: "col", className: i ? "num" : "", text: c })))), tbody)
    : h("p", { className: "muted empty", text: empty });
  return h("section", { className: `report-card${wide ? " wide" : ""}`, dataset: { table: name } }, h("header", {}, h("h2", { text: title }), button), body, more);
}

function chartCard(title, draw) {
  const el = h("div", { className: "report-chart" });
  const card = h("section", { className: "report-card chart-card" }, h("header", {}, h("h2", { text: title })), el);
  requestAnimationFrame(() => draw(makeChart(el)));
  return card;
}

const axis = { axisLabel: { color: "#64748b", fontSize: 10 }, splitLine: { lineStyle: { color: "#e2e8f0" } } };

function daysChart(report) {
  return chartCard("Sessions and visitors per day", (chart) => chart.setOption({
    animation: false, color: COLORS, tooltip: tooltip(), grid: { left: 40, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { fontSize: 11 } },
    xAxis: { type: "category", data: report.days.map((d) => d.day.slice(5)), ...axis },
    yAxis: { type: "value", minInterval: 1, ...axis },
    series: [["Sessions", "sessions"], ["Visitors", "visitors"], ["Orders", "orders"]].map(([name, key]) => ({ name, type: "line", showSymbol: false, data: report.days.map((d) => d[key]) })),
  }));
}

function channelsChart(report) {
  return chartCard("Sessions by channel", (chart) => chart.setOption({
    animation: false, color: COLORS, tooltip: tooltip({ trigger: "item" }), grid: { left: 96, right: 24, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1, ...axis }, yAxis: { type: "category", inverse: true, data: report.channels.map(([c]) => CHANNEL_NAMES[c] || c), ...axis },
    series: [{ type: "bar", data: report.channels.map(([, n], i) => ({ value: n, itemStyle: { color: COLORS[i % COLORS.length] } })), label: { show: true, position: "right", fontSize: 10 } }],
  }));
}

function hoursChart(report) {
  return chartCard("Orders per hour of day", (chart) => chart.setOption({
    animation: false, color: COLORS, tooltip: tooltip(), grid: { left: 32, right: 12, top: 8, bottom: 24 },
    xAxis: { type: "category", data: report.orders_per_hour.map((_, i) => String(i).padStart(2, "0")), ...axis },
    yAxis: { type: "value", minInterval: 1, ...axis },
    series: [{ name: "Orders", type: "bar", data: report.orders_per_hour }],
  }));
}

function sections(report) {
  const a = report.audience;
  const ch = report.channels.map(([c, n]) => [CHANNEL_NAMES[c] || c, n]);
  const events = report.events.flatMap((e) => {
    const props = Object.entries(e.props).flatMap(([prop, values]) => values.map(([v, n]) => [e.name, prop, v, n]));
    return props.length ? props : [[e.name, "", "", e.count]];
  });
  return [
    h("div", { className: "report-grid charts" }, daysChart(report), channelsChart(report), hoursChart(report)),
    h("div", { className: "report-grid" },
      table("Channels", "channels", ["Channel", "Sessions"], ch),
      table("Sources", "sources", ["Source", "Medium", "Campaign", "Sessions"], report.sources.map(([s, m, c, n]) => [s || "(direct)", m, c, n]), undefined, true),
      table("Top pages", "top-pages", ["Page", "Page views"], report.pages.top),
      table("Entry pages", "entry-pages", ["Page", "Sessions"], report.pages.entry),
      table("Exit pages", "exit-pages", ["Page", "Sessions"], report.pages.exit),
      table("Countries", "countries", ["Country", "Sessions"], a.countries.map(([c, n]) => [countryName(c), n])),
      table("Cities", "cities", ["City", "Country", "Sessions"], a.cities.map(([c, city, n]) => [city, c, n])),
      table("Devices", "devices", ["Device", "Sessions"], a.devices),
      table("Operating systems", "os", ["OS", "Sessions"], a.os),
      table("Browsers", "browsers", ["Browser", "Sessions"], a.browsers),
      table("Screen sizes", "screens", ["Screen size", "Sessions"], a.screens.map(([s, n]) => [SCREEN_NAMES[s] || s, n]), "No screen sizes measured in this period."),
      table("Products", "products", ["Product", "Views", "Adds to cart", "Purchases", "Revenue"], report.products.map((p) => [p.product, p.views, p.carts, p.purchases, p.revenue]), "No product events in this period.", true),
      table("Site searches", "searches", ["Search", "Searches"], report.searches, "No searches tracked yet."),
      table("Custom events", "events", ["Event", "Property", "Value", "Count"], events, "No custom events in this period.", true),
    ),
  ];
}

function query() {
  const data = new FormData(form);
  if (data.get("range") === "custom" && data.get("from") && data.get("to")) return `from=${data.get("from")}&to=${data.get("to")}`;
  return `range=${data.get("range") === "custom" ? "7d" : data.get("range")}`;
}

async function load() {
  for (const el of root.querySelectorAll(".report-chart")) if (el.chart) el.chart.stop();
  const response = await fetch(`/api/sites/${root.dataset.site}/reports?${query()}`, { headers: { Accept: "application/json" } });
  const [report, funnels] = await Promise.all([response.json(), funnelsSection(root.dataset.site, query(), root.dataset.canEdit === "1")]);
  if (!response.ok) {
    root.replaceChildren(h("p", { className: "card error", text: (report.error && report.error.message) || "The report could not be loaded." }));
    return;
  }
  const before = report.previous ? ` · compared with ${report.previous.from} to ${report.previous.to}` : "";
  root.replaceChildren(h("p", { className: "period", text: `${report.from} to ${report.to} (${root.dataset.timezone})${before}` }), figures(report), ...sections(report), funnels);
  root.dataset.ready = "1";
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
form.range.addEventListener("change", () => {
  form.querySelector(".custom-range").hidden = form.range.value !== "custom";
  if (form.range.value !== "custom") load();
});
document.getElementById("print").addEventListener("click", () => window.print());
window.addEventListener("beforeprint", () => {
  for (const el of root.querySelectorAll(".report-chart")) if (el.chart) el.chart.resize({ width: 680 });
});
load();
