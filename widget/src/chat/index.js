// The shopper's chat and banners, built as widget-chat.js and loaded by the live channel
// (../chat-loader.js) the first time the server sends a message, the conversation or a
// broadcast. Everything lives in one shadow root; every text is shown as text. It talks
// back over the live channel's socket (window.sitetracker._c.socket).

import { bannerList } from "./banners.js";
import { chatPanel } from "./panel.js";
import { shadowHost } from "./dom.js";
import { CSS } from "./styles.js";

(() => {
  try {
    const core = window.sitetracker._c;
    if (core.chat || !core.socket) return;
    const root = shadowHost("sitetracker-chat", CSS);
    const ui = document.createElement("div");
    ui.className = "st";
    root.append(ui);
    const chat = chatPanel(ui, core.socket);
    const banners = bannerList(ui, core.socket);
    const handlers = {
      message: chat.message,
      chat_history: (data) => chat.history(data.messages || []),
      broadcast: banners.show,
      broadcast_end: (data) => banners.end(data.id),
    };
    core.chat = (name, data) => {
      try {
        if (data && handlers[name]) handlers[name](data);
      } catch (e) {}
    };
    (core.chatq || []).splice(0).forEach(([name, data]) => core.chat(name, data));
  } catch (e) {}
})();
