// Events the store defined in the admin, without touching its code. The site's
// definitions arrive in `config` when the live channel connects, and again whenever
// they change: [{name, trigger: "click", selector}, {name, trigger: "url", pattern},
// {name, trigger: "js"}]. A click on (or inside) an element matching a selector sends
// that event; a page whose path matches a pattern (`*` matches anything) sends its
// event once per page; "js" events are sent by the store with sitetracker.track().

import { pathMatches } from "./paths.js";
import { safe } from "./util.js";

let definitions = [];
let lastUrl;

function checkUrl(api, force) {
  const url = location.pathname;
  if (url == lastUrl && !force) return;
  lastUrl = url;
  for (const d of definitions) {
    if (d.trigger == "url" && d.pattern && safe(pathMatches)(d.pattern, url)) api("track", d.name);
  }
}

export function startTriggers(api) {
  document.addEventListener(
    "click",
    safe((e) => {
      for (const d of definitions) {
        if (d.trigger == "click" && d.selector && safe(() => e.target.closest(d.selector))()) {
          api("track", d.name, {}, e.target.closest("a[href],form"));
        }
      }
    }),
    true,
  );
  const onChange = safe(() => checkUrl(api));
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    history[method] = function () {
      const result = original.apply(this, arguments);
      onChange();
      return result;
    };
  }
  addEventListener("popstate", onChange);
  return safe((list) => {
    const first = !definitions.length;
    definitions = Array.isArray(list) ? list : [];
    if (first) checkUrl(api, true); // the page the shopper landed on
  });
}
