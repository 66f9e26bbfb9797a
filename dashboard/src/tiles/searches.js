// Today's site searches: the top terms, and those that found nothing (what the store
// lacks or misspells), from GET /catalog, read again at most every 30 seconds. Terms are
// shoppers' text, shown as text.

import { h } from "../dom.js";
import { BarList } from "./bars.js";
import { fetchedEvery } from "./fetched.js";

const pairs = (rows) => rows.map((row) => [row.q, row.count]);

export default {
  title: "Searches today",
  defaultSize: { w: 3, h: 3 },
  mount(body, { api, getJSON }) {
    const top = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "Top searches" }));
    const none = h("div", { className: "half" }, h("h3", { className: "sub-title", text: "No results" }));
    body.append(h("div", { className: "halves" }, top, none));
    const topList = new BarList(top, { limit: 8, empty: "No searches yet today" });
    const noneList = new BarList(none, { limit: 8, empty: "Every search found something" });
    const refresh = fetchedEvery(getJSON, `${api}/catalog`, 30_000, (answer) => {
      topList.update(pairs(answer.searches));
      noneList.update(pairs(answer.searches_none));
      body.dataset.loaded = "1";
    });
    return { update: refresh };
  },
};
