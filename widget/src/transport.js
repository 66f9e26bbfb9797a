// How events reach the server: over the live connection while it is up (live.js),
// else by HTTP beacon to /api/collect, batched (at most 100 events a request) after a
// short wait for the connection; always by beacon when the page is closing. Each event
// gets its own id (`i`), so that whatever is sent again is counted once; those sent
// with track() go to `state.sent`, for the live channel to send again until they are
// acknowledged (retry.js).

import { identity, touch } from "./identity.js";
import { state } from "./state.js";
import { randomId, safe } from "./util.js";

const BATCH = 100;
const SOCKET_WAIT = 3000;
let server; // {origin, site}
let channel; // sends a batch over the live connection while it is up
let timer;
let queue = [];

export const useServer = (config) => (server = config);

/** The live connection came up (`send` is its emit) or went down (null). */
export function useChannel(send) {
  state.connected = !!(channel = send);
  flush();
}

/** Stops tracking: drops what waits to be sent, closes the live connection if open. */
export function stop() {
  state.on = false;
  queue = [];
  const core = window.sitetracker._c;
  if (core.close) core.close();
  core.socket = core.close = 0;
}

/** Sends an event now or soon; `closing`: the page is going away, use a beacon now. */
export function send(event, closing) {
  if (!state.on) return;
  touch(); // marks activity; a new session after 30 idle minutes
  event.i = randomId();
  if (event.p) state.sent.push(event);
  queue.push(event);
  flush(closing);
}

function flush(closing) {
  if (closing || channel || queue.length >= BATCH) {
    clearTimeout(timer);
    timer = 0;
    while (queue.length) {
      const batch = queue.splice(0, BATCH);
      channel && !closing ? channel(batch) : post(batch);
    }
  } else if (queue.length && !timer) {
    timer = setTimeout(safe(flush), SOCKET_WAIT, true); // unless the connection is up by then
  }
}

// A string body goes as text/plain: the browser sends it without a CORS preflight.
function post(events) {
  const url = server.origin + "/api/collect";
  const body = JSON.stringify(Object.assign(identity(), { k: server.site, ev: events }));
  navigator.sendBeacon(url, body) || fetch(url, { method: "POST", body, keepalive: true }).catch(() => {});
}
