// Web Vitals today: the p75 of LCP, INP, CLS, FCP and TTFB, coloured by Google's
// thresholds (good, needs improvement, poor), the most visited pages per device, and the
// checkout pages' LCP and INP beside checkout abandonment. From GET /vitals (the
// daily histograms), read again at most once a minute.

import { h, setText } from "../dom.js";
import { DEVICE_NAMES, int, percent } from "../format.js";
import { fetchedEvery } from "./fetched.js";

const METRICS = ["LCP", "INP", "CLS", "FCP", "TTFB"];
const PAGE_METRICS = ["LCP", "INP", "CLS"];
const PAGES = 6;

/** "2.3 s", "180 ms" or "0.05" (CLS has no unit). */
export function vitalText(name, value) {
  if (value === null || value === undefined) return "—";
  if (name === "CLS") return value.toFixed(2);
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** A cell showing one metric's p75, coloured by its rating. */
function vitalCell(tag, name, figure) {
  const rating = figure && figure.rating;
  return h(tag, {
    className: `vital ${rating ? "vital-" + rating : ""}`,
    title: rating ? `${name} p75: ${rating.replace("-", " ")}` : `${name}: not measured`,
    dataset: { metric: name, rating: rating || "none" },
  }, vitalText(name, figure && figure.p75));
}

export default {
  title: "Web Vitals today (p75)",
  defaultSize: { w: 4, h: 4 },
  mount(body, { api, getJSON }) {
    const summary = h("div", { className: "vital-summary" });
    const pages = h("tbody");
    const checkout = h("div", { className: "vital-checkout" });
    const note = h("p", { className: "tile-empty", text: "No measurements yet today" });
    body.append(summary, h("div", { className: "table-scroll" },
      h("table", { className: "shopper-table vital-table" },
        h("thead", null, h("tr", null, h("th", { text: "Page" }), h("th", { text: "Device" }), PAGE_METRICS.map((m) => h("th", { text: m })))),
        pages),
      checkout), note);

    function draw(answer) {
      const overall = answer.overall || {};
      summary.replaceChildren(...METRICS.map((name) => h("div", { className: "vital-box" },
        h("span", { className: "vital-name", text: name }), vitalCell("span", name, overall[name]),
        h("span", { className: "vital-count", text: overall[name] ? int(overall[name].count) : "" }))));
      pages.replaceChildren(...answer.pages.slice(0, PAGES).map((page) => h("tr", null,
        h("td", { className: "cell-page", title: page.path, text: page.path }),
        h("td", { text: DEVICE_NAMES[page.device] || page.device }),
        PAGE_METRICS.map((name) => vitalCell("td", name, page.vitals[name])))));
      const c = answer.checkout;
      checkout.replaceChildren(
        h("h3", { className: "sub-title", text: "Checkout pages" }),
        h("p", { className: "vital-abandonment", text: c.checkouts ? `Checkout abandonment ${percent(c.checkout_abandonment)} · ${int(c.checkouts)} checkouts, ${int(c.purchases)} bought` : "No checkouts yet today" }),
        c.pages.length ? null : h("p", { className: "vital-checkout-page", text: "No checkout page measured yet" }),
        ...c.pages.slice(0, 4).map((page) => h("p", { className: "vital-checkout-page" },
          h("span", { className: "cell-page", title: page.path, text: page.path }), " LCP ", vitalCell("span", "LCP", page.vitals.LCP), " INP ", vitalCell("span", "INP", page.vitals.INP))));
      note.hidden = METRICS.some((name) => overall[name]);
      body.dataset.loaded = "1";
    }

    const refresh = fetchedEvery(getJSON, `${api}/vitals`, 60_000, draw, (error) => setText(note, `Vitals unavailable: ${error.message}`));
    return { update: refresh };
  },
};
