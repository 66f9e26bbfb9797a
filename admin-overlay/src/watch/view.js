// The live view for admins, built as watch-view.js and loaded by ./open.js: the
// shopper's page as rrweb's Replayer rebuilds it, in a sandboxed frame (no script of
// the shopper's page runs here), scaled to the panel, a fraction of a second behind;
// or the replay of the two minutes that led to an alert.

import { Replayer } from "@rrweb/replay";
import { ask } from "../ask.js";
import { ICONS, h, icon } from "../dom.js";

const BUFFER = 250; // ms the live view stays behind, so frames arriving late still play
const CSS = `
.st-watch{display:flex;flex-direction:column;width:min(640px,calc(100vw - 460px));min-width:280px;height:min(560px,calc(100vh - 100px));border-radius:16px;background:#fff;border:1px solid #e5e7eb;box-shadow:0 24px 60px rgba(17,24,39,.25);overflow:hidden;font:14px/1.4 system-ui,sans-serif;color:#111827}
.st-watch header{display:flex;align-items:center;gap:10px;padding:12px 10px 12px 14px;border-bottom:1px solid #e5e7eb}
.st-watch header strong{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.st-watch .st-state{font-size:12px;padding:2px 8px;border-radius:10px;background:#f3f4f6;color:#4b5563}
.st-watch .st-state.live{background:#dcfce7;color:#166534}
.st-watch svg{fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.st-watch [hidden]{display:none!important}
.st-watch button{display:inline-flex;align-items:center;color:#111827;font:inherit;border:1px solid #d1d5db;background:#fff;border-radius:8px;padding:4px 8px;cursor:pointer}
.st-watch .st-screen{position:relative;flex:1;overflow:hidden;background:#f9fafb}
.st-watch .st-note{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;padding:24px;text-align:center;color:#6b7280}
.st-watch .replayer-wrapper{position:absolute;top:0;left:0;transform-origin:0 0}
.st-watch .replayer-wrapper iframe{border:0;background:#fff;pointer-events:none}
.st-watch .replayer-mouse{position:absolute;width:14px;height:14px;margin:-7px 0 0 -7px;border-radius:50%;background:rgba(73,80,246,.55);transition:left .05s linear,top .05s linear}
`;

/** Our styles in `root` (a document or a shadow root), as a constructed stylesheet: a
 *  page's Content-Security-Policy may refuse <style> elements, not these. */
function useStyles(root) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch (e) {
    (root.head || root).append(h("style", { textContent: CSS }));
  }
}

function panel(mount, socket, onClose) {
  let current = null; // {ref, page, replayer, alert}
  const title = h("strong", {}, "Live view");
  const state = h("span", { className: "st-state" }, "");
  const again = h("button", { type: "button", hidden: true, onclick: () => current && current.replayer && current.replayer.play(0) }, "Play again");
  const close = h("button", { type: "button", className: "st-close", ariaLabel: "Close the live view", onclick: () => (stop(), onClose && onClose()) }, icon(ICONS.close, 16));
  const note = h("p", { className: "st-note" }, "");
  const screen = h("div", { className: "st-screen", dataTestid: "watch-screen" }, note);
  const el = h("section", { className: "st-watch", ariaLabel: "Live view of a shopper's page" }, h("header", {}, title, state, again, close), screen);
  mount.replaceChildren(el);
  useStyles(mount.getRootNode());

  const say = (text, kind) => {
    state.textContent = kind == "live" ? "Live" : kind == "ended" ? "Ended" : kind == "replay" ? "Replay" : "";
    state.className = "st-state " + (kind || "");
    note.hidden = !text;
    note.textContent = text || "";
  };
  const fit = (width, height) => {
    const wrapper = screen.querySelector(".replayer-wrapper");
    if (!wrapper || !width) return;
    const scale = Math.min(screen.clientWidth / width, screen.clientHeight / height, 1);
    wrapper.style.transform = `scale(${scale})`;
  };
  const replayer = (events, live) => {
    if (current.replayer) current.replayer.pause();
    [...screen.querySelectorAll(".replayer-wrapper")].forEach((w) => w.remove());
    const r = new Replayer(events, { root: screen, liveMode: live, mouseTail: false, showWarning: false, triggerFocus: false, UNSAFE_replayCanvas: false });
    r.on("resize", (size) => fit(size.width, size.height));
    return r;
  };
  const stop = () => {
    if (current && current.ref && !current.alert && !current.ended) ask(socket, "watch_stop", { ref: current.ref });
    if (current && current.replayer) current.replayer.pause();
    current = null;
  };

  socket.on("watch_events", (data) => {
    if (!current || current.alert || data.ref != current.ref) return;
    const events = data.ev || [];
    if (data.p != current.page) {
      // Another page of the shopper (they moved on): start again from its snapshot.
      const start = events.findIndex((e) => e.type == 4);
      if (start < 0) return;
      current.page = data.p;
      current.replayer = replayer([], true);
      current.replayer.startLive(events[start].timestamp - BUFFER);
      events.splice(0, start);
      say("", "live");
    }
    events.forEach((e) => current.replayer.addEvent(e));
  });
  socket.on("watch_end", (data) => {
    if (!current || data.ref != current.ref || current.alert) return;
    current.ended = true;
    say(data.reason == "left" ? "The shopper left the site." : "The live view ended after 10 minutes: click Watch again to go on.", "ended");
  });
  socket.on("connect", () => current && current.ref && !current.alert && !current.ended && ask(socket, "watch_start", { ref: current.ref }));

  return {
    /** Watch `{ref}`, or `{alert}`: the shopper an alert is about. */
    async watch(target) {
      stop();
      const asked = (current = { ref: target.ref });
      title.textContent = "Watching the shopper";
      again.hidden = true;
      say("Asking the shopper's page…");
      const ack = await ask(socket, "watch_start", target);
      if (current != asked) return;
      if (ack.error) return (current.ended = true), say(ack.error.message, "ended");
      current.ref = ack.ref;
      title.textContent = "Watching " + ack.name; // the server's name, as alerts and chats say it
      if (!current.page) say("Waiting for the shopper's page…");
    },
    async replay(alert, ref, name) {
      stop();
      current = { alert, ref };
      title.textContent = "What led to the trouble" + (name ? " · " + name : "");
      say("Loading the recording…");
      const ack = await ask(socket, "watch_replay", { alert });
      if (!current || current.alert != alert) return;
      if (ack.error) return say(ack.error.message, "ended");
      say("", "replay");
      current.replayer = replayer(ack.events, false);
      current.replayer.play(0);
      again.hidden = false;
    },
    close: stop,
  };
}

(() => {
  const script = document.currentScript;
  if (script && script.stReady) script.stReady({ panel });
})();
