// Mobile vs desktop vs tablet, live.

import { donut } from "./donut.js";

export default {
  title: "Devices",
  defaultSize: { w: 3, h: 3 },
  metric: (snap) => (snap.devices || {}).mobile || 0,
  metricLabel: "on phones",
  mount(body, { colors }) {
    const chart = donut(body, colors, [["mobile", "Mobile"], ["desktop", "Desktop"], ["tablet", "Tablet"]]);
    return { update: ({ snap }) => chart.update(snap.devices || {}), destroy: chart.destroy };
  },
};
