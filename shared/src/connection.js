// How a Socket.IO connection is doing, told the same way to every front end that shows
// it (the board, the overview, the admin overlay and its Messages page) and to the
// widget's live channel, which switches to beacons while it is down.

/**
 * Follows `socket`: `status(state, text)` hears
 *   "live", "Live"                    on every (re)connection;
 *   "reconnecting", "Reconnecting…"   when it drops or cannot reach the server, while
 *                                     Socket.IO tries again by itself ("Closed" when this
 *                                     page closed it);
 *   "refused", the server's reason    when the server refused it (then Socket.IO does not
 *                                     try again: the caller decides).
 * Returns `socket`.
 */
export function followConnection(socket, status) {
  socket.on("connect", () => status("live", "Live"));
  socket.on("disconnect", (reason) => status("reconnecting", reason == "io client disconnect" ? "Closed" : "Reconnecting…"));
  socket.on("connect_error", (error) =>
    socket.active ? status("reconnecting", "Reconnecting…") : status("refused", (error && error.message) || ""),
  );
  return socket;
}
