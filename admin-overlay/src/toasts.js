// Toasts in the top right corner: sales and the other alerts, as they happen. Each goes
// after a while (it stays in the panel's list until acknowledged).

import { ICONS, h, icon } from "./dom.js";

const STAY = 12000;

export function toastStack(root) {
  const stack = h("div", { className: "toasts", role: "region", ariaLabel: "SiteTracker notifications" });
  root.append(stack);
  const shown = new Map();

  const remove = (id) => {
    const toast = shown.get(id);
    if (toast) toast.remove();
    shown.delete(id);
  };

  return {
    /** `{id, kind: "sale"|"warning"|"info", title, text, actions: [[label, fn]]}` */
    show(t) {
      remove(t.id);
      const actions = (t.actions || []).map(([label, fn, primary]) =>
        h("button", { className: "btn small" + (primary ? " primary" : ""), type: "button", onclick: () => (remove(t.id), fn()) }, label),
      );
      const toast = h(
        "div",
        { className: "toast " + t.kind, role: "status" },
        h("span", { className: "row-icon " + t.kind }, icon(t.kind == "sale" ? ICONS.sale : ICONS.alert, 18)),
        h("div", { className: "toast-main" }, h("strong", {}, t.title), t.text ? h("p", {}, t.text) : null, actions.length ? h("div", { className: "toast-actions" }, ...actions) : null),
        h("button", { className: "icon-btn", type: "button", ariaLabel: "Close", onclick: () => remove(t.id) }, icon(ICONS.close, 16)),
      );
      shown.set(t.id, toast);
      stack.prepend(toast);
      while (stack.children.length > 4) remove([...shown.keys()][0]);
      let timer = setTimeout(() => remove(t.id), STAY);
      toast.onmouseenter = () => clearTimeout(timer);
      toast.onmouseleave = () => (timer = setTimeout(() => remove(t.id), STAY / 2));
    },
    remove,
  };
}
