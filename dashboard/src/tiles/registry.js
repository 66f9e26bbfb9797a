// Every tile type the board knows, each defined by one module:
//
//   registerTile({
//     type: "live_users",                 // as the server's layout schema names it
//     title: "Live users",
//     defaultSize: { w: 3, h: 3 },        // on the 12-column grid
//     metric: (snap) => snap.users,       // optional: the number thresholds watch
//     metricLabel: "live users",
//     alerts: ["live_users_above"],       // optional: the alerts that light this tile, by
//                                         // kind (commerce/alerts.py) or "severity:<name>"
//     options: [{ name, label, pattern }], // optional: its own settings, saved in the layout
//     mount(body, ctx) { ...; return { update(model) {}, destroy() {} }; },
//   });
//
// `mount` builds the tile's content in `body`; `update(model)` is called once per push
// (at most once a frame) with the BoardModel; `ctx` holds {colors, model, mapUrl, api,
// getJSON, options}. A feature's tiles (commerce's funnel, abandonment, carts, custom
// events) drop in as new modules imported by tiles/all.js, and their types registered on
// the server.

const TILES = new Map();

export function registerTile(definition) {
  TILES.set(definition.type, definition);
}

export function tileDefinition(type) {
  return TILES.get(type);
}

export function tileTypes() {
  return [...TILES.values()];
}
