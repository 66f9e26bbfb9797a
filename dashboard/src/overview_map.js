// The agency overview's world map, loaded by overview.js as its own script (it carries
// ECharts, which the rest of the overview does not need): the board's map tile, fed the
// countries and points summed over every site, telling the page which country was
// clicked.

import { palette } from "./charts.js";
import map from "./tiles/map.js";

const el = document.getElementById("overview-map");
if (el) {
  const tile = map.mount(el, {
    colors: palette(),
    mapUrl: el.dataset.mapUrl,
    onCountry: (code) => el.dispatchEvent(new CustomEvent("country", { detail: code })),
  });
  const draw = (snap) => tile.update({ snap });
  el.addEventListener("snapshot", (event) => draw(event.detail));
  draw(el.snapshot || { countries: [], points: [] });
  el.dataset.ready = "true";
}
