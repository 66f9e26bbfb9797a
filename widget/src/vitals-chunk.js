// The Web Vitals chunk (widget-vitals.js), loaded by the live channel once it runs, so
// the web-vitals library weighs on neither the 2 KB tracker nor the live channel.
// web-vitals reads the page's buffered performance entries: measuring from here, after
// the page's own work, misses only the interactions made before it runs (INP).

import { safe } from "./util.js";
import { startVitals } from "./vitals.js";

safe(() => {
  const core = window.sitetracker && window.sitetracker._c;
  if (core && core.state.on) startVitals(core), (core.vitals = 1); // measuring from now on
})();
