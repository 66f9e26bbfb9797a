// The conversation with the shop: a launcher button, a preview of a new message while
// the panel is closed, and the panel (messages, a reply box). Every text is set as text.
// The widget tells the server which messages it showed (chat_delivered) and which the
// shopper had in front of them, in a visible page (chat_seen).

import { attr, clock, h, icon, remember } from "./dom.js";

const CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2Z";
const SEND_ICON = "M3 20.5 21 12 3 3.5 3 10l12 2-12 2z";
const DOWN_ICON = "M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z";
const OPEN = "st_chat_open";

export function chatPanel(root, socket) {
  const ids = new Set();
  const unseen = new Set();
  let unread = 0;
  let sending;

  const log = h("ol", { className: "log", role: "log", ariaLive: "polite", ariaLabel: "Messages" });
  const box = h("textarea", { id: "st-reply", rows: 1, maxLength: 1000, placeholder: "Write a reply…" });
  const send = h("button", { className: "send", type: "submit", ariaLabel: "Send" }, icon(SEND_ICON));
  const error = h("p", { className: "err", role: "alert" });
  const close = h("button", { className: "close", type: "button", ariaLabel: "Close the chat", textContent: "×" });
  const title = h("strong", { textContent: "Chat with us" });
  const form = h("form", { className: "reply" }, h("label", { className: "vh", htmlFor: "st-reply", textContent: "Your reply" }), box, send);
  const panel = h(
    "div",
    { className: "panel", role: "dialog", ariaLabel: "Chat with the shop", hidden: true },
    h("div", { className: "head" }, h("span", { className: "avatar" }, icon(CHAT_ICON)), h("div", {}, title, h("small", { textContent: "We are here to help" })), close),
    log,
    form,
    error,
  );
  const badge = h("span", { className: "badge", hidden: true });
  const chatIcon = icon(CHAT_ICON);
  const downIcon = icon(DOWN_ICON);
  downIcon.style.display = "none";
  const launcher = h("button", { className: "launcher", type: "button", ariaLabel: "Open the chat" }, chatIcon, downIcon, badge);
  const preview = h("button", { className: "preview", type: "button", hidden: true });
  const wrap = h("div", { className: "chat", hidden: true }, panel, preview, launcher);
  root.append(wrap);

  const isOpen = () => !panel.hidden;
  const report = () => {
    if (!isOpen() || document.visibilityState != "visible" || !unseen.size) return;
    socket.emit("chat_seen", { ids: [...unseen].slice(-100) });
    unseen.clear();
  };
  const badgeText = () => {
    badge.hidden = !unread;
    badge.textContent = unread;
    attr(launcher, "ariaLabel", isOpen() ? "Minimise the chat" : unread ? `Open the chat (${unread} new)` : "Open the chat");
  };
  const toggle = (open, focus) => {
    panel.hidden = !open;
    attr(launcher, "ariaExpanded", String(open));
    chatIcon.style.display = open ? "none" : "";
    downIcon.style.display = open ? "" : "none";
    remember(OPEN, open);
    if (open) {
      preview.hidden = true;
      unread = 0;
      log.scrollTop = log.scrollHeight;
      if (focus) box.focus();
      report();
    } else if (focus) launcher.focus();
    badgeText();
  };

  /** Adds a message (once); returns true when it is new. */
  const add = (m) => {
    if (ids.has(m.id)) return;
    ids.add(m.id);
    const meta = (m.mine ? "You" : m.from || "Shop") + " · " + clock(m.at);
    log.append(h("li", { className: "msg" + (m.mine ? " mine" : "") }, h("p", { textContent: m.text }), h("small", { textContent: meta })));
    log.scrollTop = log.scrollHeight;
    if (!m.mine) unseen.add(m.id);
    return true;
  };

  launcher.onclick = () => toggle(!isOpen(), true);
  preview.onclick = () => toggle(true, true);
  close.onclick = () => toggle(false, true);
  panel.onkeydown = (e) => e.key == "Escape" && toggle(false, true);
  box.oninput = () => {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  };
  box.onkeydown = (e) => {
    if (e.key == "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.onsubmit(e);
    }
  };
  form.onsubmit = (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text || sending) return;
    sending = send.disabled = true;
    error.textContent = "";
    socket.timeout(10000).emit("chat_reply", { text }, (timedOut, ack) => {
      sending = send.disabled = false;
      if (timedOut || !ack || ack.error) {
        error.textContent = ack && ack.error ? ack.error.message : "Not sent: check your connection and try again.";
        return;
      }
      add(ack.message);
      box.value = "";
      box.oninput();
    });
  };
  addEventListener("visibilitychange", report);

  return {
    /** The conversation so far (after a page load). */
    history(messages) {
      wrap.hidden = false;
      messages.forEach(add);
      const delivered = messages.filter((m) => !m.mine).map((m) => m.id);
      if (delivered.length) socket.emit("chat_delivered", { ids: delivered.slice(-100) });
      // Open as it was on the last page; else only for a conversation of the last half hour.
      const saved = remember(OPEN);
      const last = messages[messages.length - 1];
      toggle(saved != null ? saved : !!last && Date.now() / 1000 - last.at < 1800);
    },
    /** One new message, from the shop or from this shopper's other page. */
    message(m) {
      wrap.hidden = false;
      if (!add(m) || m.mine) return;
      socket.emit("chat_delivered", { ids: [m.id] });
      if (!isOpen() && remember(OPEN) !== false) toggle(true);
      if (isOpen()) return report();
      unread++;
      badgeText();
      preview.replaceChildren(h("b", { textContent: m.from || "Shop" }), h("span", { textContent: m.text }));
      preview.hidden = false;
    },
  };
}
