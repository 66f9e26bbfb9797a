// What waits for the admin when the overlay opens: emergencies and rule alerts not yet
// acknowledged, grouped in one compact card above the launcher, newest first (never a
// full-screen window per alert). Each row says how its emergency ended, if it did;
// opening one shows the emergency's details.

import { ICONS, h, icon } from "./dom.js";
import { ago, isEmergency, outcomeLabel } from "./format.js";

const SHOWN = 3;

/** The chip saying how an emergency ended (or who helped), or null while nothing did. */
export function outcomeChip(alert) {
  const label = outcomeLabel(alert);
  if (!label) return null;
  return h("span", { className: "chip outcome " + (alert.outcome || "helped"), dataOutcome: alert.outcome || "helped" }, label);
}

/** `actions`: {canWrite, open(alert), acknowledge(alert), all()}. */
export function waitingCard(actions) {
  const el = h("section", { className: "waiting", ariaLabel: "Alerts waiting for you", hidden: true });
  let dismissed = false;

  function row(a) {
    const kind = isEmergency(a) ? "emergency" : "warning";
    const open = h(
      "button",
      { className: "row-open", type: "button", onclick: () => actions.open(a) },
      h("span", { className: "row-icon " + kind }, icon(ICONS.alert, 16)),
      h("span", { className: "row-main", title: a.title }, h("strong", {}, String(a.title || "Alert").split(": ")[0]), h("span", {}, [a.name, ago(a.at)].filter(Boolean).join(" · "))),
    );
    const ack = h("button", { className: "btn small", type: "button", hidden: !actions.canWrite, onclick: () => actions.acknowledge(a) }, "Acknowledge");
    return h("li", { className: "row clickable", dataAlert: a.id }, open, h("div", { className: "row-side" }, outcomeChip(a), ack));
  }

  return {
    el,
    /** Shows `alerts` (newest first), unless the admin closed the card on this page. */
    show(alerts) {
      el.hidden = dismissed || !alerts.length;
      if (el.hidden) return el.replaceChildren();
      const more = alerts.length - SHOWN;
      el.replaceChildren(
        h(
          "header",
          { className: "waiting-head" },
          h("strong", {}, `${alerts.length} alert${alerts.length == 1 ? "" : "s"} waiting`),
          h("button", { className: "icon-btn", type: "button", ariaLabel: "Hide until the next page", onclick: () => ((dismissed = true), (el.hidden = true)) }, icon(ICONS.close, 16)),
        ),
        h("ul", { className: "rows" }, ...alerts.slice(0, SHOWN).map(row)),
        ...(more > 0 ? [h("button", { className: "btn ghost small waiting-more", type: "button", onclick: actions.all }, `${more} more in the panel`)] : []),
      );
    },
  };
}
