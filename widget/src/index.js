// The storefront widget: <script async src="https://HOST/widget.js" data-site="KEY">.
// Wires the modules together; widget/README.md says what each one does.

import { publicApi } from "./api.js";
import { startClicks } from "./clicks.js";
import { readConfig } from "./config.js";
import { startEngage } from "./engage.js";
import { setMode, trackingOff } from "./identity.js";
import { connect } from "./live.js";
import { startSpa } from "./spa.js";
import { state } from "./state.js";
import { send, useServer } from "./transport.js";
import { pageview, safe, warn } from "./util.js";

safe(() => {
  const stub = window.sitetracker;
  if (stub && stub.track) return; // the tag is on the page twice
  const config = readConfig();
  if (!config.site) return warn("the tag needs data-site");
  useServer(config);
  setMode(0, config.consent);

  let started;
  const start = () => {
    if (state.on || trackingOff()) return;
    state.on = true;
    if (!started) {
      started = true;
      startEngage();
      startClicks(api);
      if (config.spa != "off") startSpa();
    }
    send(pageview(document.referrer));
    setTimeout(safe(() => state.on && connect(config))); // after the page's own work
  };

  const api = (window.sitetracker = publicApi(start));
  start();
  // Calls queued before the script loaded, in their order. Nothing has been sent yet
  // (the connection opens later, beacons wait), so a queued optout still means that
  // nothing at all is sent, and a queued consent applies from the first event.
  Array.from((stub && stub.q) || []).forEach(safe((call) => api(...call)));
})();
