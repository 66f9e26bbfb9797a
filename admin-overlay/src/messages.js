// The dashboard's Messages page (/sites/<key>/messages): the overlay's chat window on
// the admin's dashboard session, opened on a conversation of the page's list (buttons
// with data-chat-ref) or on ?ref=<shopper ref>. Everything else on the page is plain
// server-rendered HTML.

import { chatWindow } from "./chat.js";
import { connect } from "./connection.js";
import { h, shadowHost } from "./dom.js";
import { CSS } from "./styles.js";
import { watchAside } from "./watch/open.js";

(() => {
  const mount = document.getElementById("chat-panel");
  if (!mount) return;
  const { site, role, me } = mount.dataset;
  const label = document.getElementById("chat-connection");
  const socket = connect({ origin: location.origin, site }, (state, text) => {
    if (!label) return;
    label.dataset.state = state;
    label.textContent = text;
  });
  const ui = h("div", { className: "st" });
  ui.style.height = "100%";
  shadowHost("sitetracker-chat-panel", CSS, mount).append(ui);
  const aside = watchAside(socket);
  const chat = chatWindow(socket, { canWrite: role != "viewer", embedded: true, me, onWatch: aside.watch });
  ui.append(chat.el);

  const list = document.getElementById("conversations");
  const buttons = () => [...document.querySelectorAll("[data-chat-ref]")];
  const select = (ref) => {
    for (const b of buttons()) b.setAttribute("aria-current", String(b.dataset.chatRef == ref));
    history.replaceState(null, "", "?ref=" + encodeURIComponent(ref));
    chat.open({ ref });
  };
  document.addEventListener("click", (e) => {
    const button = e.target.closest("[data-chat-ref]");
    if (button) select(button.dataset.chatRef);
  });
  socket.on("chat", (data) => {
    chat.chat(data);
    if (!list || data.ref == chat.ref) return;
    let button = buttons().find((b) => b.dataset.chatRef == data.ref);
    if (!button) {
      button = h("button", { type: "button", className: "conversation", dataChatRef: data.ref }, h("strong", {}, data.name || "Shopper"), h("span", {}, ""));
      list.prepend(h("li", {}, button));
      const empty = document.getElementById("no-conversations");
      if (empty) empty.hidden = true;
    }
    button.classList.add("unread");
    button.lastChild.textContent = (data.message.sender == "shopper" ? "" : "You: ") + data.message.text.slice(0, 140);
    list.prepend(button.parentNode);
  });
  socket.on("chat_state", (data) => chat.state(data));
  socket.once("connect", () => {
    const wanted = new URLSearchParams(location.search).get("ref") || (buttons()[0] && buttons()[0].dataset.chatRef);
    if (wanted) select(wanted);
  });
})();
