// The admin socket: `/site/<key>` with the dashboard's session (auth {admin: true}).
//
// The server sends `live` (the whole snapshot) on connect and on its first push, then
// `live_delta` every second: only the top-level keys that changed, merged into our copy.
// Socket.IO reconnects by itself; every (re)connection starts from a fresh `live`, so
// the board catches up with whatever it missed. Deltas that arrive before a snapshot are
// dropped (they could not be merged into anything).

import { Manager, io } from "socket.io-client";
import { followConnection } from "../../shared/src/connection.js";

const STALL_AFTER = 5000; // ms without a push before the indicator says so

/** Follow one site's live snapshot. `on`: {snapshot(snap, full), status(state, text),
 *  alert(data), broadcast(data)}. Returns {socket, close()}. */
export function followSite(key, on, manager) {
  const options = { auth: { admin: true } };
  const socket = manager
    ? manager.socket(`/site/${key}`, options)
    : io(`/site/${key}`, { ...options, transports: ["websocket"] });
  let snap = null;
  let lastPush = 0;
  let state = "";

  const status = (next, text) => {
    if (next === state) return;
    state = next;
    if (on.status) on.status(next, text);
  };

  // While the server cannot reach Redis, its numbers are its own shoppers' only.
  const live = () =>
    snap.live_degraded ? status("partial", "Live: this server's shoppers only (Redis unreachable)") : status("live", "Live");
  socket.on("live", (data) => {
    snap = data;
    lastPush = Date.now();
    live();
    on.snapshot(snap, true);
  });
  socket.on("live_delta", (delta) => {
    if (!snap) return;
    snap = Object.assign({}, snap, delta);
    lastPush = Date.now();
    live();
    on.snapshot(snap, false);
  });
  followConnection(socket, (next, text) => {
    if (next === "live") {
      // The server may send the snapshot before the client reports the connection.
      if (!snap) status("connecting", "Connected, waiting for data…");
    } else if (next === "reconnecting") {
      snap = null;
      status(next, text);
    } else {
      // The server refused us (signed out, role taken away): say so, and try again
      // later in case the session comes back.
      status(next, text ? `Refused: ${text}` : "Refused");
      setTimeout(() => socket.connect(), 15000);
    }
  });
  if (on.alert) socket.on("alert", on.alert);
  if (on.broadcast) socket.on("broadcast_sent", on.broadcast);

  const watchdog = setInterval(() => {
    if ((state === "live" || state === "partial") && Date.now() - lastPush > STALL_AFTER) status("stalled", "No data for a while…");
  }, 1000);

  return {
    socket,
    close() {
      clearInterval(watchdog);
      socket.close();
    },
  };
}

/** One Manager (one websocket) for many sites' namespaces. */
export function sharedManager() {
  return new Manager(window.location.origin, { transports: ["websocket"] });
}

/** Show a connection state in the indicator element (`#connection`). */
export function showStatus(el, state, text) {
  if (!el) return;
  el.dataset.state = state;
  const label = el.querySelector(".connection-text");
  if (label) label.textContent = text;
  el.title = text;
}
