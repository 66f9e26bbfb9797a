// The reports page's "Funnels" section: each funnel of the site over the chosen
// period, from /api/sites/<key>/funnels/<id>: per step the sessions (or visitor-days)
// that reached it, their share of the entrants and the drop-off from the step before.
// Step patterns and names go in as text (h()).

import { h } from "./dom.js";
import { int, percent } from "./format.js";

const SCOPES = { session: "within a session", day: "within a visitor's day" };

function stepName(step) {
  return step.page !== undefined ? `Page ${step.page}` : `Event ${step.event}`;
}

function funnelCard(funnel) {
  const since = funnel.counts_since.slice(0, 10);
  const rows = funnel.steps.map((step, i) => h("tr", {},
    h("td", { text: `${i + 1}. ${stepName(step)}` }),
    h("td", { className: "num", text: int(step.reached) }),
    h("td", { className: "num" }, h("progress", { max: 1, value: step.conversion ?? 0, "aria-hidden": "true" }), ` ${percent(step.conversion)}`),
    h("td", { className: "num", text: i ? int(step.dropped) : "" })));
  return h("section", { className: "report-card wide", dataset: { funnel: funnel.id } },
    h("header", {}, h("h2", { text: funnel.name })),
    h("p", { className: "muted", text: `${int(funnel.entrants)} entrants, ${percent(funnel.conversion_rate)} converted · ${SCOPES[funnel.scope] || funnel.scope} · counts from ${since} on` }),
    h("table", { className: "report-table funnel-table" },
      h("thead", {}, h("tr", {}, ["Step", "Reached", "Of entrants", "Dropped"].map((c, i) => h("th", { scope: "col", className: i ? "num" : "", text: c })))),
      h("tbody", {}, rows)));
}

/** The section, filled once every funnel of the period is fetched. */
export async function funnelsSection(site, query) {
  const get = (path) => fetch(`/api/sites/${site}/funnels${path}`, { headers: { Accept: "application/json" } }).then((r) => r.json());
  const list = await get("");
  const funnels = await Promise.all((list.funnels || []).map((f) => get(`/${f.id}?${query}`)));
  return h("div", { className: "report-funnels" },
    h("h2", { className: "section-title", text: "Funnels" }),
    h("div", { className: "report-grid" }, funnels.filter((f) => f.steps).map(funnelCard)));
}
