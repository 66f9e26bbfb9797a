// The live event stream: the latest events, newest first; filter by type, pause.

import { h } from "../dom.js";
import { DEVICE_NAMES, clockSeconds, flag } from "../format.js";

const KEEP = 100;
const keyOf = (e) => `${e.t}|${e.v}|${e.n}|${e.u}`;

export default {
  title: "Event stream",
  defaultSize: { w: 3, h: 5 },
  mount(body) {
    const filter = h("select", { className: "stream-filter", "aria-label": "Show events of type" },
      h("option", { value: "", text: "All events" }));
    const pause = h("button", { type: "button", className: "button small ghost stream-pause", "aria-pressed": "false", text: "Pause" });
    const list = h("ol", { className: "stream-list" });
    const empty = h("p", { className: "tile-empty", text: "No events yet" });
    body.append(h("div", { className: "stream-tools" }, filter, pause), list, empty);
    const seen = new Set();
    const names = new Set();
    let paused = false;
    let latest = [];

    const row = (e) => h("li", { className: "stream-row", dataset: { name: e.n } },
      h("time", { className: "stream-time", text: clockSeconds(e.t) }),
      h("span", { className: `stream-name name-${/^[a-z_]+$/.test(e.n) ? e.n : "custom"}`, text: e.n }),
      h("span", { className: "stream-url", title: e.u || "", text: e.u || "" }),
      h("span", { className: "stream-who", title: `${DEVICE_NAMES[e.d] || ""} ${e.c || ""}` },
        h("span", { className: `device-dot device-${DEVICE_NAMES[e.d] ? e.d : "other"}` }),
        h("span", { className: "cc", text: flag(e.c) })));

    const applyFilter = () => {
      for (const item of list.children) item.hidden = !!filter.value && item.dataset.name !== filter.value;
      empty.hidden = list.children.length > 0;
    };

    const render = () => {
      const fresh = latest.filter((e) => !seen.has(keyOf(e)));
      for (const e of fresh.reverse()) {
        seen.add(keyOf(e));
        if (!names.has(e.n)) {
          names.add(e.n);
          filter.append(h("option", { value: e.n, text: e.n }));
        }
        list.prepend(row(e));
      }
      while (list.children.length > KEEP) list.lastElementChild.remove();
      if (seen.size > 4 * KEEP) {
        seen.clear();
        for (const e of latest) seen.add(keyOf(e));
      }
      applyFilter();
    };

    filter.addEventListener("change", applyFilter);
    pause.addEventListener("click", () => {
      paused = !paused;
      pause.setAttribute("aria-pressed", String(paused));
      pause.textContent = paused ? "Resume" : "Pause";
      body.classList.toggle("is-paused", paused);
      if (!paused) render();
    });
    return {
      update({ snap }) {
        latest = snap.recent || [];
        if (!paused) render();
      },
    };
  },
};
