// How events reach the server: over the live Socket.IO connection while it is up,
// else by HTTP beacon to /api/collect (batched, at most 100 events a request), and
// always by beacon when the page is closing.

import { io } from "socket.io-client";
import { emit } from "./bus.js";
import { setMode, touch } from "./identity.js";
import { state } from "./state.js";
import { pageview, safe, warn } from "./util.js";

const BATCH = 100;
const SOCKET_WAIT = 3000; // how long events wait for the connection before a beacon
let server; // {origin, site}
let socket;
let timer;
let queue = [];

const identity = () => ({ v: state.visitor, s: state.session, ret: state.returning });

export const useServer = (config) => (server = config);

/** Opens the one live connection to `/site/<key>`, websocket only (see README). */
export function connect() {
  if (socket) return;
  socket = io(server.origin + "/site/" + server.site, {
    transports: ["websocket"],
    auth: (reply) => reply(identity()), // asked at every (re)connect
  });
  const listen = (name, handler) => socket.on(name, safe(handler));
  listen("connect", () => {
    state.connected = true;
    flush();
    emit("connect");
  });
  listen("disconnect", () => (state.connected = false));
  listen("connect_error", (error) => {
    // Refused (unknown key, domain not allowed): beacons would be refused too, so the
    // widget goes quiet. (While the server is merely unreachable, socket.io retries.)
    if (!socket.active) {
      warn((state.refused = error.message));
      state.on = false;
      disconnect();
    }
  });
  // Whatever the server sends (config, broadcast, message, throttled) goes to the page.
  socket.onAny(
    safe((name, data) => {
      if (name == "config") setMode(1, data.consent);
      emit(name, data);
    }),
  );
}

/** Closes the connection and drops whatever was waiting to be sent. */
export function disconnect() {
  queue = [];
  if (socket) socket.disconnect();
  socket = null;
}

/** Sends an event now or soon; `closing`: the page is going away, use a beacon now. */
export function send(event, closing) {
  if (!state.on) return;
  // A session that ended while the page stayed open: the new one starts with a pageview.
  if (touch()) queue.push(pageview(""));
  queue.push(event);
  flush(closing);
}

/**
 * Sends what is queued: over the connection when it is up; by beacon when the page is
 * closing or 100 events wait, else by beacon soon unless the connection comes up first.
 */
function flush(closing) {
  if (closing || state.connected || queue.length >= BATCH) {
    clearTimeout(timer);
    timer = 0;
    while (queue.length) {
      const batch = queue.splice(0, BATCH);
      state.connected && !closing ? socket.emit("ev", batch) : post(batch);
    }
  } else timer = timer || setTimeout(safe(flush), SOCKET_WAIT, true);
}

// A string body goes as text/plain, so the browser needs no CORS preflight.
function post(events) {
  const url = server.origin + "/api/collect";
  const body = JSON.stringify(Object.assign(identity(), { k: server.site, ev: events }));
  if (!navigator.sendBeacon(url, body)) fetch(url, { method: "POST", body, keepalive: true, mode: "no-cors" }).catch(() => {});
}
