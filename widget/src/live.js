// The live channel: one Socket.IO connection to /site/<key>, websocket only (see
// README). Events go over it while it is up; whatever the server sends is re-emitted
// on window; a refusal (unknown key, domain not allowed) turns the widget off, since
// beacons would be refused too. While the server is unreachable socket.io retries.

import { io } from "socket.io-client";
import { identity, setMode } from "./identity.js";
import { state } from "./state.js";
import { drop, useChannel } from "./transport.js";
import { emit, safe, warn } from "./util.js";

let socket;

export function connect({ origin, site }) {
  if (socket) return;
  socket = io(origin + "/site/" + site, {
    transports: ["websocket"],
    auth: (reply) => reply(identity()), // asked at every (re)connect
  });
  socket.on(
    "connect",
    safe(() => {
      useChannel((batch) => socket.emit("ev", batch));
      emit("connect");
    }),
  );
  socket.on("disconnect", safe(() => useChannel(null)));
  socket.on(
    "connect_error",
    safe((error) => {
      if (socket.active) return; // unreachable: socket.io tries again, beacons meanwhile
      warn((state.refused = error.message));
      disconnect();
    }),
  );
  socket.onAny(
    safe((name, data) => {
      if (name == "config") setMode(1, data.consent);
      emit(name, data);
    }),
  );
}

/** Closes the connection (and drops what waits to be sent): tracking stops. */
export function disconnect() {
  state.on = false;
  drop();
  if (socket) socket.disconnect();
  socket = null;
}
