// Platforms: operating systems and browsers of the shoppers on the site now.

import { h } from "../dom.js";
import { BarList } from "./bars.js";

const ranked = (counts) => Object.entries(counts || {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);

export default {
  title: "Platforms",
  defaultSize: { w: 3, h: 3 },
  mount(body) {
    const os = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "OS" }));
    const browsers = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "Browser" }));
    body.append(h("div", { className: "halves" }, os, browsers));
    const osList = new BarList(os, { limit: 6, empty: "–" });
    const browserList = new BarList(browsers, { limit: 6, empty: "–" });
    return {
      update({ snap }) {
        osList.update(ranked(snap.os));
        browserList.update(ranked(snap.browsers));
      },
    };
  },
};
