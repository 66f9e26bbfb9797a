// The site page's verify mode: one browser's events as they arrive, over the admin socket
// (`verify` messages for this page's code), each drop or refusal with its reason. The
// server words the reasons; everything goes in as text.

import { io } from "socket.io-client";
import { h, setText } from "./dom.js";

const box = document.querySelector(".verify[data-code]");
if (box) {
  const { site, code } = box.dataset;
  const log = box.querySelector(".verify-log");
  const state = box.querySelector(".verify-state");
  const socket = io(`/site/${site}`, { auth: { admin: true }, transports: ["websocket"] });
  socket.on("connect", () => (box.dataset.live = "1"));
  socket.on("connect_error", (error) => setText(state, `Cannot follow live: ${error.message}`));
  socket.on("verify", (data) => {
    if (!data || data.code !== code) return;
    setText(state, "This browser is talking to the server.");
    const at = new Date(data.at * 1000).toLocaleTimeString();
    const what = data.events.length ? data.events.join(", ") : "a request";
    const head = `${at} · ${what}${data.page ? ` on ${data.page}` : ""}`;
    const kept = data.kept ? [h("li", { className: "verify-kept", text: `kept: ${data.kept} event(s)` })] : [];
    const dropped = data.dropped.map((d) =>
      h("li", { className: "verify-dropped", dataset: { reason: d.reason } }, d.count ? `${d.count} × ${d.why}` : d.why),
    );
    log.prepend(h("li", { className: data.refused ? "verify-entry refused" : "verify-entry" }, h("span", { text: head }), h("ul", null, kept, dropped)));
  });
}
