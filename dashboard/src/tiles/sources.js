// Referrers and campaigns (UTM) today: sessions by where they came from.

import { h } from "../dom.js";
import { BarList } from "./bars.js";

export default {
  title: "Sources today",
  defaultSize: { w: 3, h: 3 },
  mount(body) {
    const refs = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "Referrers" }));
    const campaigns = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "Campaigns" }));
    body.append(h("div", { className: "halves" }, refs, campaigns));
    const refList = new BarList(refs, { limit: 8, empty: "None yet today" });
    const campaignList = new BarList(campaigns, { limit: 8, empty: "No UTM campaigns yet" });
    return {
      update({ snap, history }) {
        const today = snap.sources_today || (history && history.sources) || {};
        refList.update(today.referrers || []);
        campaignList.update(today.utm_campaigns || []);
      },
    };
  },
};
