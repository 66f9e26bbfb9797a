// Engaged time, as Chartbeat defines it: any input, scroll or focus keeps the shopper
// engaged for 5 seconds; a hidden tab stops the clock at once. A 1-second ticker runs
// only while the tab is visible; `engage` reports the accrued seconds every 5 seconds
// (and `e: 0` every 15 seconds as a heartbeat while the live connection is down);
// `leave` flushes the rest by beacon when the page is hidden or closed.

import { state } from "./state.js";
import { send } from "./transport.js";
import { safe } from "./util.js";

const INPUTS = ["keydown", "mousedown", "mousemove", "touchstart", "scroll", "wheel", "focus"];
let until = 0; // engaged until this time (ms)
let unsent = 0; // engaged seconds not reported yet
let ticks = 0;
let ticker;
let left; // `leave` was sent since the page was last visible

const active = () => (until = Date.now() + 5000);

function tick() {
  if (Date.now() < until) unsent++, state.engaged++;
  if (!(++ticks % 5) && (unsent || (!(ticks % 15) && !state.connected))) report("engage");
}

function report(name, closing) {
  send({ n: name, e: unsent }, closing);
  unsent = 0;
}

function leave() {
  if (!left) report("leave", (left = true));
}

function visibility() {
  clearInterval(ticker);
  if (document.hidden) {
    until = 0;
    leave();
  } else {
    left = false;
    ticker = setInterval(safe(tick), 1000);
  }
}

/** A new page (SPA navigation): report what the old one accrued, count afresh. */
export function newPage() {
  if (unsent) report("engage");
  state.engaged = 0;
}

export function startEngage() {
  for (const type of INPUTS) addEventListener(type, active, true); // passive by default on window
  document.addEventListener("visibilitychange", safe(visibility));
  addEventListener("pagehide", safe(leave));
  left = document.hidden; // opened in a background tab: nothing to leave yet
  if (!left) active(); // arriving on a page is engagement
  visibility();
}
