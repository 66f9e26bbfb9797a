// The agency overview's parts across sites: the top-sites table (sorted by a column),
// the live activity timeline (every site's latest events, newest first, coloured by
// type), one world map (the board's map tile, loaded as its own script) and the country
// filter a click on the map sets. Everything shoppers sent goes in as text.

import { h } from "./dom.js";
import { DEVICE_NAMES, clockSeconds, countryName, flag } from "./format.js";

const KEEP = 80;
const eventKey = (site, e) => `${site}|${e.t}|${e.v}|${e.n}|${e.u}`;

/** Sort the table's rows by a column's data-* number when its header is clicked. */
export function sortableTable(table) {
  if (!table) return;
  const body = table.tBodies[0];
  let current = { key: "events", descending: true };
  const sort = (key, descending) => {
    const rows = [...body.rows];
    rows.sort((a, b) => (descending ? -1 : 1) * ((+a.dataset[key] || 0) - (+b.dataset[key] || 0)));
    body.append(...rows);
    for (const th of table.tHead.rows[0].cells) {
      const button = th.querySelector("button[data-sort]");
      if (button && button.dataset.sort === key) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
    table.dataset.sort = key;
    current = { key, descending };
  };
  table.tHead.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-sort]");
    if (!button) return;
    const key = button.dataset.sort;
    sort(key, key === current.key ? !current.descending : true);
  });
}

/** The live timeline in `list`: `add(siteKey, siteName, recent)` merges a site's latest
 *  events; `filter(country)` shows only that country's (null: all). */
export function timeline(list, empty) {
  const seen = new Set();
  let country = null;
  const show = (row) => {
    row.hidden = !!country && row.dataset.country !== country;
  };
  const row = (key, name, e) => h("li", { className: "timeline-row", dataset: { name: e.n, key, country: e.c || "", t: String(e.t) } },
    h("time", { className: "stream-time", text: clockSeconds(e.t) }),
    h("span", { className: "timeline-site", text: name }),
    h("span", { className: `stream-name name-${/^[a-z_]+$/.test(e.n) ? e.n : "custom"}`, text: e.n }),
    h("span", { className: "stream-url", title: e.u || "", text: e.u || "" }),
    h("span", { className: "stream-who", title: `${DEVICE_NAMES[e.d] || ""} ${countryName(e.c)}` },
      h("span", { className: `device-dot device-${DEVICE_NAMES[e.d] ? e.d : "other"}` }),
      h("span", { className: "cc", text: flag(e.c) })));
  return {
    add(key, name, recent) {
      for (const e of [...(recent || [])].reverse()) {
        const id = eventKey(key, e);
        if (seen.has(id)) continue;
        seen.add(id);
        const item = row(key, name, e);
        show(item);
        // Newest first: before the first row that is older.
        const later = [...list.children].find((other) => +other.dataset.t <= e.t);
        list.insertBefore(item, later || null);
      }
      while (list.children.length > KEEP) list.lastElementChild.remove();
      if (seen.size > 8 * KEEP) seen.clear();
      empty.hidden = list.children.length > 0;
    },
    filter(code) {
      country = code;
      for (const item of list.children) show(item);
    },
  };
}

/** Countries and points summed over every site's snapshot, as one snapshot's shape. */
export function mergeLocations(snaps) {
  const countries = new Map();
  const points = new Map();
  for (const snap of snaps) {
    for (const [code, name, n] of snap.countries || []) {
      const had = countries.get(code) || [code, name, 0];
      countries.set(code, [code, had[1] || name, had[2] + n]);
    }
    for (const [lat, lon, n] of snap.points || []) {
      const key = `${lat},${lon}`;
      points.set(key, [lat, lon, ((points.get(key) || [])[2] || 0) + n]);
    }
  }
  return {
    countries: [...countries.values()].sort((a, b) => b[2] - a[2]),
    points: [...points.values()],
  };
}

/** The map's element: its script loaded once, fed `snapshot` events; a click on a
 *  country comes back as a `country` event (detail: the ISO code). */
export function worldMap(el) {
  if (!el) return { update() {} };
  const script = document.createElement("script");
  script.src = el.dataset.script;
  script.defer = true;
  document.head.append(script);
  return {
    update(locations) {
      el.snapshot = locations; // read by the map script once it is loaded
      el.dispatchEvent(new CustomEvent("snapshot", { detail: locations }));
    },
  };
}
