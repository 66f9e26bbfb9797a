// Web Vitals (LCP, INP, CLS, FCP, TTFB) measured with the `web-vitals` library and sent
// as events {n: "vital", u: <page>, p: {m: <name>, v: <value>}} (docs/protocol.md):
// milliseconds, CLS unitless. Part of the live channel, so the 2 KB core stays small.
// They are held until the page is hidden (when LCP, CLS and INP are final), then sent
// together by beacon, which survives the page going away.

import { onCLS, onFCP, onINP, onLCP, onTTFB } from "web-vitals";
import { pageUrl, safe } from "./util.js";
import { who } from "./who.js";

export function startVitals(core) {
  const { config, state } = core;
  let held = [];
  let due = 0; // a send is queued
  const send = safe(() => {
    due = 0;
    if (!held.length || !state.on) return;
    const body = JSON.stringify(Object.assign(who(state), { k: config.site, ev: held }));
    held = [];
    navigator.sendBeacon(config.origin + "/api/collect", body);
  });
  const report = safe((metric) => {
    const value = metric.name == "CLS" ? Math.round(metric.value * 1e4) / 1e4 : Math.round(metric.value);
    held.push({ n: "vital", u: pageUrl(), p: { m: metric.name, v: value } });
    // Those reported as the page hides come together: one beacon for them all.
    if (document.visibilityState == "hidden" && !due) {
      due = 1;
      queueMicrotask(send);
    }
  });
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(report);
}
