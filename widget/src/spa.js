// Single-page apps: a pageview whenever the URL (without its hash) changes through the
// History API (pushState, replaceState, back and forward).

import { newPage } from "./engage.js";
import { send } from "./transport.js";
import { pageUrl, pageview, safe } from "./util.js";

let current;

const changed = safe(() => {
  const previous = current;
  current = pageUrl();
  if (current != previous) {
    newPage();
    send(pageview(previous)); // the referrer of an in-app navigation is the previous page
  }
});

export function startSpa() {
  current = pageUrl();
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    history[method] = function () {
      const result = original.apply(this, arguments);
      changed();
      return result;
    };
  }
  addEventListener("popstate", changed);
}
