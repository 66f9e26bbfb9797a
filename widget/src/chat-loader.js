// Loads the shopper's chat and banners (widget-chat.js, built from chat/) the first time
// the server sends something to show: a message, the conversation after a reload, a
// broadcast. Until the chunk runs, what arrives waits in core.chatq; then the chunk
// takes everything through core.chat(name, data). A page nobody speaks to never loads it.

import { safe } from "./util.js";

["message", "chat_history", "broadcast", "broadcast_end"].forEach((name) =>
  addEventListener(
    "sitetracker:" + name,
    safe((e) => {
      const core = window.sitetracker._c;
      if (core.chat) return core.chat(name, e.detail);
      if (!core.chatq) {
        if (name == "broadcast_end") return;
        core.chatq = [];
        const script = document.createElement("script");
        script.src = core.config.origin + "/widget-chat.js";
        document.head.appendChild(script);
      }
      core.chatq.push([name, e.detail]);
    }),
  ),
);
