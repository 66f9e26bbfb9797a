// Declarative custom events: a click on (or inside) an element with
// data-st-event="name" sends that event, with data-st-prop-<key>="value" as props.

import { safe } from "./util.js";

export function startClicks(api) {
  const onClick = (e) => {
    const el = e.target.closest("[data-st-event]");
    if (!el) return;
    const props = {};
    for (const { name, value } of el.attributes) {
      if (!name.indexOf("data-st-prop-")) props[name.slice(13)] = value;
    }
    // A link or a form may unload the page: send by beacon, which survives that.
    api("track", el.dataset.stEvent, props, el.closest("a[href],form"));
  };
  document.addEventListener("click", safe(onClick), true);
}
