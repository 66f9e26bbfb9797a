// The chat window with one shopper: the conversation so far, what every admin of the
// site writes to them (`chat` events reach all admins), what the shopper answers, and
// each message's state: sent, delivered, seen; and whether the shopper is still on the
// site. Viewers read it; the send box is off for them (the server refuses anyway).
// Used by the overlay and by the dashboard's Messages page.

import { ask } from "./connection.js";
import { ICONS, h, icon } from "./dom.js";
import { DEVICES, place, time } from "./format.js";

const STATES = { seen: "Seen", delivered: "Delivered" };

/** `options`: {canWrite, embedded, onClose, onWatch(ref), me} (me: the admin's own name). */
export function chatWindow(socket, options) {
  let ref = null;
  let live = false;
  const messages = new Map(); // id -> {data, meta}

  const avatar = h("span", { className: "avatar" }, icon(ICONS.chat, 18));
  const name = h("span", {}, "Shopper");
  const chip = h("span", { className: "chip" });
  const where = h("span", {});
  const close = h("button", { className: "icon-btn", type: "button", ariaLabel: "Close the chat", onclick: () => options.onClose && options.onClose() }, icon(ICONS.close, 18));
  const watch = h("button", { className: "btn small watch", type: "button", dataSt: "watch", title: "Watch the shopper's page live", onclick: () => ref && options.onWatch(ref) }, icon(ICONS.eye, 14), "Watch");
  const log = h("ol", { className: "log", role: "log", ariaLive: "polite", ariaLabel: "Conversation" });
  const box = h("textarea", { rows: 1, maxLength: 1000, placeholder: "Write to the shopper…", ariaLabel: "Message to the shopper" });
  const send = h("button", { className: "btn primary", type: "submit" }, icon(ICONS.send, 16), "Send");
  const note = h("p", { className: "note", role: "status", hidden: true });
  const form = h("form", { className: "compose" }, box, send);
  const el = h(
    "section",
    { className: "chat" + (options.embedded ? " embedded" : ""), ariaLabel: "Chat with a shopper" },
    h("header", { className: "chat-head" }, avatar, h("div", { className: "chat-title" }, h("strong", {}, name, chip), where), options.onWatch ? watch : null, options.onClose ? close : null),
    log,
    note,
    form,
  );

  const say = (text, error) => {
    note.hidden = !text;
    note.textContent = text || "";
    note.className = "note" + (error ? " error" : "");
  };
  const setLive = (on) => {
    live = on;
    chip.className = "chip " + (on ? "live" : "left");
    chip.textContent = on ? "On the site" : "Left the site";
  };
  const writable = () => {
    const allowed = options.canWrite && ref;
    box.disabled = send.disabled = !allowed;
    if (!options.canWrite) say("You have a viewer's access: you can read this conversation but not write.");
  };
  let hint = null; // "say hello", until the first message
  const system = (text, isHint, outcome) => {
    const line = h("li", { className: "system", dataOutcome: outcome }, text);
    log.append(line);
    log.scrollTop = log.scrollHeight;
    if (isHint) hint = line;
  };
  const metaOf = (m) => {
    if (m.sender == "shopper") return name.textContent + " · " + time(m.at);
    const who = m.author && m.author != options.me ? String(m.author).split("@")[0] + " · " : "";
    return who + time(m.at) + " · " + (m.seen_at ? STATES.seen : m.delivered_at ? STATES.delivered : "Sent");
  };
  const add = (m) => {
    const known = messages.get(m.id);
    if (known) {
      Object.assign(known.data, m);
      known.meta.textContent = metaOf(known.data);
      return;
    }
    if (hint) hint = hint.remove();
    const meta = h("small", {}, metaOf(m));
    log.append(h("li", { className: "msg " + m.sender, dataId: m.id }, h("p", { textContent: m.text }), meta));
    messages.set(m.id, { data: Object.assign({}, m), meta });
    log.scrollTop = log.scrollHeight;
  };

  box.addEventListener("keydown", (e) => {
    if (e.key == "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  box.addEventListener("input", () => {
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight + 2, 140) + "px";
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text || !ref || send.disabled) return;
    send.disabled = true;
    const ack = await ask(socket, "chat_send", { ref, text });
    send.disabled = false;
    if (ack.error) return say(ack.error.message, true);
    say(ack.live ? "" : "The shopper has left the site: they will see this when they come back.");
    box.value = "";
    box.dispatchEvent(new Event("input"));
    add(ack.message);
    box.focus();
  });

  return {
    el,
    get ref() {
      return ref;
    },
    /** Opens the conversation with `{ref}` or with the shopper of `{alert}`; `details`
     *  (an alert's) describe the shopper until the server says more. */
    async open(target, details) {
      ref = null;
      messages.clear();
      log.replaceChildren();
      say("Loading the conversation…");
      writable();
      const ack = await ask(socket, "chat_history", target);
      if (ack.error) {
        say(ack.error.message, true);
        return false;
      }
      ref = ack.ref;
      name.textContent = ack.name || "Shopper";
      const shopper = ack.shopper || {};
      const info = details || {};
      const device = DEVICES[shopper.device || info.device] || shopper.device || info.device;
      where.textContent = [shopper.url || (info.pages || [])[0], device, place(shopper.country ? shopper : info.location)].filter(Boolean).join(" · ");
      setLive(!!ack.live);
      say("");
      writable();
      if (!ack.known) {
        say("This shopper can no longer be reached: they have not been on the site today.", true);
        box.disabled = send.disabled = true;
      } else if (!ack.live) {
        say("The shopper has left the site: messages wait for their return.");
      }
      if (!ack.messages.length) system(live ? "Say hello: the shopper sees your message within a second." : "No messages yet.", true);
      ack.messages.forEach(add);
      if (options.canWrite && ack.known && !options.embedded) box.focus();
      return true;
    },
    /** A `chat` event: a message in some conversation of the site. */
    chat(data) {
      if (data.ref != ref) return;
      if (data.live !== undefined && data.live != live) setLive(data.live);
      add(data.message);
    },
    /** An `alert_outcome` event: how the emergency of this chat's shopper ended. */
    outcome(alert, label) {
      if (alert.ref == ref) system(label, false, alert.outcome);
    },
    /** A `chat_state` event: delivered, seen, left, back. */
    state(data) {
      if (data.ref != ref) return;
      if (data.id) {
        const m = messages.get(data.id);
        if (m) add(Object.assign({}, m.data, data.state == "seen" ? { seen_at: data.at, delivered_at: m.data.delivered_at || data.at } : { delivered_at: data.at }));
      } else if (data.state == "left" || data.state == "back") {
        setLive(data.state == "back");
        system(data.state == "back" ? `The shopper is back · ${time(data.at)}` : `The shopper left the site · ${time(data.at)}`);
        say(data.state == "back" ? "" : "The shopper has left the site: messages wait for their return.");
      }
    },
  };
}
