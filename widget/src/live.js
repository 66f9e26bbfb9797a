// The live channel, loaded by the tracker core after the page's own work as
// /widget-live.js: one Socket.IO connection to /site/<key>, websocket only (see
// README), plus click tracking and Web Vitals (vitals.js). Events go over the
// connection while it is up; whatever
// the server sends is re-emitted on window; a refusal (unknown key, domain not allowed)
// turns the widget off, since beacons would be refused too. While the server is
// unreachable socket.io retries and the core sends by beacon. Events sent with track()
// are sent again until acknowledged (retry.js).
//
// This is a separate script, so it reaches the core's state through the one global:
// window.sitetracker._c = {config, setMode, state, useChannel, stop}.

import { io } from "socket.io-client";
import { followConnection } from "../../shared/src/connection.js";
import "./chat-loader.js";
import "./watch-loader.js";
import { startClicks } from "./clicks.js";
import { startRetry } from "./retry.js";
import { startTriggers } from "./triggers.js";
import { who } from "./who.js";
import { SESSION, emit, safe, storage, warn } from "./util.js";

safe(() => {
  const api = window.sitetracker;
  const core = api && api._c;
  if (!core || core.socket || !core.state.on) return;
  const { config, setMode, state, useChannel } = core;
  // The site page's verify mode: `?st_verify=<code>` marks this tab's events.
  const code = (location.search.match(/[?&]st_verify=([a-z0-9]+)/) || [])[1] || storage(SESSION, "st_vf");
  if (code) storage(SESSION, "st_vf", (state.vf = code));
  const socket = (core.socket = io(config.origin + "/site/" + config.site, {
    transports: ["websocket"],
    auth: (reply) => reply(who(state)), // asked at every (re)connect
  }));
  core.close = () => socket.disconnect();
  const acked = startRetry(core);
  followConnection(
    socket,
    safe((now, why) => {
      if (now == "live") {
        useChannel((batch) => socket.emit("ev", batch, (answer) => acked(answer, batch)));
        emit("connect");
      } else if (now == "refused") {
        warn((state.refused = why));
        core.stop();
      } else {
        useChannel(null); // down or unreachable: socket.io tries again, beacons meanwhile
      }
    }),
  );
  const useDefinitions = startTriggers(api);
  socket.onAny(
    safe((name, data) => {
      if (name == "config") setMode(1, data.consent), useDefinitions(data.events);
      emit(name, data);
    }),
  );
  startClicks(api);
  // Web Vitals come in a chunk of their own (vitals-chunk.js).
  const vitals = document.createElement("script");
  vitals.src = config.origin + "/widget-vitals.js";
  document.head.appendChild(vitals);
})();
