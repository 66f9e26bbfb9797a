// The reports page's "Funnels" section: each funnel of the site over the chosen
// period, from /api/sites/<key>/funnels/<id>: per step the sessions (or visitor-days)
// that reached it, their share of the entrants and the drop-off from the step before;
// each card downloads as CSV like the page's tables. Those who may change funnels
// (`canEdit`) also get the form that defines one and each card's rename and delete
// (report-funnel-form.js). Step patterns and names go in as text (h()).

import { download } from "./csv.js";
import { h } from "./dom.js";
import { int, percent } from "./format.js";
import { funnelControls, funnelForm } from "./report-funnel-form.js";

const SCOPES = { session: "within a session", day: "within a visitor's day" };
const CSV_COLUMNS = ["Step", "Page or event", "Reached", "Of entrants", "Dropped"];

function stepName(step) {
  return step.page !== undefined ? `Page ${step.page}` : `Event ${step.event}`;
}

/** The file name of a funnel's CSV: `funnel-<id>-<its name in letters and digits>`. */
const csvName = (funnel) => `funnel-${funnel.id}-${funnel.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;

function csvRows(funnel) {
  return funnel.steps.map((step, i) => [i + 1, step.page !== undefined ? step.page : step.event, step.reached, step.conversion, i ? step.dropped : ""]);
}

function funnelCard(funnel, controls) {
  const since = funnel.counts_since.slice(0, 10);
  const rows = funnel.steps.map((step, i) => h("tr", {},
    h("td", { text: `${i + 1}. ${stepName(step)}` }),
    h("td", { className: "num", text: int(step.reached) }),
    h("td", { className: "num" }, h("progress", { max: 1, value: step.conversion ?? 0, "aria-hidden": "true" }), ` ${percent(step.conversion)}`),
    h("td", { className: "num", text: i ? int(step.dropped) : "" })));
  const csv = h("button", { type: "button", className: "button small ghost no-print", text: "CSV", on: { click: () => download(csvName(funnel), CSV_COLUMNS, csvRows(funnel)) } });
  return h("section", { className: "report-card wide", dataset: { funnel: funnel.id } },
    h("header", {}, h("h2", { text: funnel.name }), h("span", { className: "funnel-buttons" }, controls && controls.buttons, csv)),
    h("p", { className: "muted", text: `${int(funnel.entrants)} entrants, ${percent(funnel.conversion_rate)} converted · ${SCOPES[funnel.scope] || funnel.scope} · counts from ${since} on` }),
    controls && controls.forms,
    h("table", { className: "report-table funnel-table" },
      h("thead", {}, h("tr", {}, ["Step", "Reached", "Of entrants", "Dropped"].map((c, i) => h("th", { scope: "col", className: i ? "num" : "", text: c })))),
      h("tbody", {}, rows)));
}

async function funnelsOf(site, query) {
  const get = (path) => fetch(`/api/sites/${site}/funnels${path}`, { headers: { Accept: "application/json" } }).then((r) => r.json());
  const list = await get("");
  const funnels = await Promise.all((list.funnels || []).map((f) => get(`/${f.id}?${query}`)));
  return funnels.filter((f) => f.steps);
}

/** The section, filled once every funnel of the period is fetched; it fetches them
 *  again (and only them) after a change made from the page. */
export async function funnelsSection(site, query, canEdit = false) {
  const grid = h("div", { className: "report-grid" });
  const section = h("div", { className: "report-funnels" }, h("h2", { className: "section-title", text: "Funnels" }), grid);
  const fill = async () => {
    const funnels = await funnelsOf(site, query);
    const cards = funnels.map((f) => funnelCard(f, canEdit ? funnelControls(site, f, refresh) : null));
    grid.replaceChildren(...cards, ...(canEdit ? [funnelForm(site, refresh)] : []));
  };
  const refresh = async () => {
    delete section.dataset.ready;
    await fill();
    section.dataset.ready = "1";
  };
  await fill();
  section.dataset.ready = "1";
  return section;
}
