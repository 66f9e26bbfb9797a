// The storefront widget: <script async src="https://HOST/widget.js" data-site="KEY">.
// Wires the modules together; widget/README.md says what each one does.

import { publicApi } from "./api.js";
import { readConfig } from "./config.js";
import { startEngage } from "./engage.js";
import { setMode, trackingOff } from "./identity.js";
import { startSpa } from "./spa.js";
import { state } from "./state.js";
import { send, stop, useChannel, useServer } from "./transport.js";
import { pageview, safe, warn } from "./util.js";

safe(() => {
  const stub = window.sitetracker;
  if (stub && stub.track) return; // the tag is on the page twice
  const config = readConfig();
  if (!config.site) return warn("no data-site");
  useServer(config);
  setMode(0, config.consent);

  let started;
  const start = () => {
    if (state.on || trackingOff()) return;
    state.on = true;
    if (!started) {
      started = true;
      startEngage();
      if (config.spa != "off") startSpa();
    }
    send(pageview(document.referrer));
    // The live channel (socket.io and click tracking) after the page's own work.
    setTimeout(safe(() => {
      if (!state.on || core.socket) return;
      const script = document.createElement("script");
      script.src = config.origin + "/widget-live.js";
      document.head.appendChild(script);
    }));
  };

  const api = (window.sitetracker = publicApi(start));
  const core = (api._c = { config, setMode, state, useChannel, stop });
  start();
  // Calls queued before the script loaded, in their order. Nothing has been sent yet
  // (the connection opens later, beacons wait), so a queued optout still means that
  // nothing at all is sent, and a queued consent applies from the first event.
  Array.from((stub && stub.q) || []).forEach(safe((call) => api(...call)));
})();
