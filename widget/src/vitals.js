// Web Vitals (LCP, INP, CLS, FCP, TTFB) measured with the `web-vitals` library and sent
// once each as the event {n: "vital", p: {m: <name>, v: <value>}} (docs/protocol.md):
// milliseconds, CLS unitless. Part of the live channel, so the 2 KB core stays small.
// Those reported as the page is hidden go by beacon, which survives the page.

import { onCLS, onFCP, onINP, onLCP, onTTFB } from "web-vitals";
import { safe } from "./util.js";

export function startVitals(api) {
  const report = safe((metric) => {
    const value = metric.name == "CLS" ? Math.round(metric.value * 1e4) / 1e4 : Math.round(metric.value);
    api("track", "vital", { m: metric.name, v: value }, document.visibilityState == "hidden");
  });
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(report);
}
