// Live URLs: the pages being looked at right now, with how many are on each.

import { h } from "../dom.js";
import { BarList } from "./bars.js";

export default {
  title: "Pages now",
  defaultSize: { w: 3, h: 5 },
  metric: (snap) => ((snap.pages || [])[0] || [null, 0])[1],
  metricLabel: "shoppers on the top page",
  mount(body) {
    const list = new BarList(body, { empty: "No pages open", limit: 25, className: "page-list" });
    return {
      update({ snap }) {
        list.update(snap.pages || []);
      },
    };
  },
};
