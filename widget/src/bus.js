// The widget's events, dispatched on window as `sitetracker:<name>` CustomEvents so
// that the store's page and the widget's own features listen the same way:
//
//   sitetracker:connect     the live connection is up
//   sitetracker:config      {consent, events}        (from the server)
//   sitetracker:broadcast   {id, text, expires}      (shopper messaging)
//   sitetracker:message     {id, text, from}         (one-to-one messaging)
//   sitetracker:throttled   {retry_in}
//
// A messaging UI subscribes with `on("broadcast", show)`.

import { safe } from "./util.js";

export const emit = (name, detail) => dispatchEvent(new CustomEvent("sitetracker:" + name, { detail }));

export const on = (name, handler) => addEventListener("sitetracker:" + name, safe((e) => handler(e.detail)));
