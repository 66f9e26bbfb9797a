// The admin overlay: one tag on any admin page of a store (WordPress admin, a back
// office), for its staff only:
//
//   <script async src="https://HOST/overlay.js" data-site="KEY" data-token="JWT"></script>
//
// It defines no global and touches nothing of the page but its own element,
// <sitetracker-overlay>, whose shadow root holds everything it shows, with its own
// styles. The token (README, "Installing the admin overlay") is checked by the server
// on every connection; the overlay reads its role and expiry only to adapt itself.

import { h, shadowHost } from "./dom.js";
import { claimsOf } from "./format.js";
import { startOverlay } from "./overlay.js";
import { CSS } from "./styles.js";

(() => {
  const tag = document.currentScript;
  if (!tag || document.querySelector("sitetracker-overlay")) return; // once per page
  const settings = { origin: new URL(tag.src).origin, site: tag.dataset.site, token: tag.dataset.token };
  const start = () => {
    const ui = h("div", { className: "st" });
    shadowHost("sitetracker-overlay", CSS).append(ui);
    if (!settings.site || !settings.token) {
      console.warn("SiteTracker overlay: the tag needs data-site and data-token");
      return;
    }
    startOverlay(ui, settings, claimsOf(settings.token));
  };
  document.body ? start() : addEventListener("DOMContentLoaded", start);
})();
