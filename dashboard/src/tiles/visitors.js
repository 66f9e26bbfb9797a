// New vs returning shoppers, live.

import { donut } from "./donut.js";

export default {
  title: "New vs returning",
  defaultSize: { w: 3, h: 3 },
  metric: (snap) => (snap.visitors || {}).returning || 0,
  metricLabel: "returning shoppers",
  mount(body, { colors }) {
    const chart = donut(body, colors, [["new", "New"], ["returning", "Returning"]]);
    return { update: ({ snap }) => chart.update(snap.visitors || {}), destroy: chart.destroy };
  },
};
