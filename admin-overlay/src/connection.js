// The admin socket: /site/<key> on the SiteTracker server, by admin token (the overlay)
// or by the dashboard's session (the Messages page). `ask` sends an event and resolves
// with its acknowledgement, or with an error when the server does not answer.

import { io } from "socket.io-client";
import { followConnection } from "../../shared/src/connection.js";

export { ask } from "./ask.js";

/** Opens the socket; `status(state, text)` hears "connecting", then those of
 *  followConnection: "live", "reconnecting" and "refused" (with what to do about it). */
export function connect({ origin, site, token }, status) {
  const socket = io(origin + "/site/" + site, {
    auth: token ? { token } : { admin: true },
    transports: ["websocket"],
  });
  status("connecting", "Connecting…");
  return followConnection(socket, (state, text) => status(state, state == "refused" ? explain(text) : text));
}

/** What to tell the admin when the server refused the socket. */
export function explain(message) {
  const text = String(message || "refused");
  if (/expired/.test(text)) return "This admin token has expired. Copy a fresh overlay snippet from the site's page in SiteTracker, or have your store mint a new token.";
  if (/token/.test(text)) return `The admin token was refused (${text.replace(/^admin token refused: /, "")}). Check the data-token of the overlay's tag.`;
  if (/unknown site/.test(text)) return "Unknown site key: check the data-site of the overlay's tag.";
  return text;
}

