// Which module draws each tile type. The server says which types exist and in which
// order (the board's `tile_types`: sitetracker.board, with a feature's tiles added by
// the app factory); this only maps a type to the module that draws it. Each module
// exports its tile by default:
//
//   export default {
//     title: "Live users",
//     defaultSize: { w: 3, h: 3 },        // on the 12-column grid
//     metric: (snap) => snap.users,       // optional: the number thresholds watch
//     metricLabel: "live users",
//     alerts: ["live_users_above"],       // optional: the alerts that light this tile, by
//                                         // kind (commerce/alerts.py) or "severity:<name>"
//     options: [{ name, label, pattern }], // optional: its own settings, saved in the layout
//     mount(body, ctx) { ...; return { update(model) {}, destroy() {} }; },
//   };
//
// `mount` builds the tile's content in `body`; `update(model)` is called once per push
// (at most once a frame) with the BoardModel; `ctx` holds {colors, model, mapUrl, api,
// getJSON, options}. A new tile is a module here and its type named on the server.

import abandonment from "./abandonment.js";
import activity from "./activity.js";
import carts from "./carts.js";
import devices from "./devices.js";
import engaged from "./engaged.js";
import events from "./events.js";
import funnel from "./funnel.js";
import liveUsers from "./live_users.js";
import map from "./map.js";
import pageTypes from "./page_types.js";
import pages from "./pages.js";
import peak from "./peak.js";
import platforms from "./platforms.js";
import products from "./products.js";
import rescues from "./rescues.js";
import searches from "./searches.js";
import shoppers from "./shoppers.js";
import sources from "./sources.js";
import stream from "./stream.js";
import visitors from "./visitors.js";
import vitals from "./vitals.js";

const MODULES = {
  abandonment,
  activity,
  carts,
  devices,
  engaged,
  events,
  funnel,
  live_users: liveUsers,
  map,
  page_types: pageTypes,
  pages,
  peak,
  platforms,
  products,
  rescues,
  searches,
  shoppers,
  sources,
  stream,
  visitors,
  vitals,
};

const warned = new Set();

/** The tile of `type` ({type, title, ...its module's}), or null with one console
 *  warning per type when this build has no module for it. */
export function tileDefinition(type) {
  const module = Object.prototype.hasOwnProperty.call(MODULES, type) ? MODULES[type] : null;
  if (module) return { type, ...module };
  if (!warned.has(type)) {
    warned.add(type);
    console.warn(`board: no module draws tiles of type ${JSON.stringify(type)}; skipped`);
  }
  return null;
}

/** The tiles of `types` (the server's, in its order) that this build can draw. */
export const tileDefinitions = (types) => types.map(tileDefinition).filter(Boolean);
