// Sales rescued: purchases by shoppers an admin helped out of an emergency (a chat, a
// broadcast, watching their page), today and this month, in the main currency (the
// others listed under it); and each rule's rescue rate: of its emergencies that ended
// this month, the share rescued. From the snapshot's `commerce.rescues`
// (server/sitetracker/commerce/rescue_figures.py).

import { h, setText } from "../dom.js";
import { int, money } from "../format.js";

const RATE_RULES = 4;

/** One figure: "€89.00" with "2 sales" beside it; its data-* carry the raw numbers. */
function figure(name, size, label) {
  const value = h("span", { className: size, dataset: { value: name }, text: "–" });
  const note = h("span", { className: "tile-note" });
  return { value, note, row: h("div", { className: "big-row" }, value, note, h("span", { className: "tile-note", text: label })) };
}

function show(fig, part, fallback) {
  const line = part || { count: 0, value: 0, by_currency: {} };
  setText(fig.value, money(line.value || 0, line.currency || fallback));
  Object.assign(fig.value.dataset, { count: String(line.count || 0), amount: String(line.value || 0), currency: line.currency || "" });
  const rest = Object.entries(line.by_currency || {}).filter(([code]) => code !== line.currency);
  setText(fig.note, [`${int(line.count || 0)} sale${line.count == 1 ? "" : "s"}`, ...rest.map(([code, l]) => `+ ${money(l.value, code)}`)].join(" · "));
}

export default {
  title: "Sales rescued",
  defaultSize: { w: 4, h: 4 },
  metric: (snap) => ((((snap.commerce || {}).rescues || {}).today || {}).count || 0),
  metricLabel: "sales rescued today",
  mount(body) {
    const today = figure("rescued-today", "big-number", "today");
    const month = figure("rescued-month", "mid-number", "this month");
    const rules = h("ul", { className: "rescue-rules" });
    const none = h("p", { className: "tile-empty", text: "No emergency has ended this month" });
    body.append(today.row, month.row, h("h3", { className: "sub-title", text: "Rescue rate by rule" }), rules, none);
    return {
      update(model) {
        const rescues = (model.snap.commerce || {}).rescues;
        if (!rescues) return; // not known yet (the database did not answer)
        show(today, rescues.today, model.currency());
        show(month, rescues.month, model.currency());
        const lines = (rescues.rules || []).slice(0, RATE_RULES);
        none.hidden = lines.length > 0;
        rules.replaceChildren(
          ...lines.map((r) => {
            const ended = r.rescued + r.recovered + r.lost;
            const rate = r.rate == null ? "–" : `${Math.round(r.rate * 100)}%`;
            return h("li", { className: "rescue-rule", dataset: { rule: String(r.rule), rate: String(r.rate ?? "") } },
              h("span", { className: "rescue-rule-name", text: r.name || "Rule" }),
              h("strong", { text: rate }),
              h("span", { className: "tile-note", text: `${int(r.rescued)} of ${int(ended)}` }));
          }),
        );
      },
    };
  },
};
