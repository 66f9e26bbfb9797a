// The overlay itself: the admin socket, and what it shows.
//
//   launcher   bottom right: the connection, and how many alerts wait (never sales)
//   waiting    above it: the alerts waiting for acknowledgement, grouped, newest first
//   panel      alerts not yet acknowledged, recent chats, the broadcast composer,
//              sound, desktop notifications, and how sales show
//   sales      each sale in a window that closes itself, gathering those arriving
//              together (or corner toasts, the admin's choice): never a task
//   toasts     rule alerts (and chat messages) as they happen
//   modal      a checkout-trouble emergency as it happens, with "Help this shopper"
//   chat       the chat window with one shopper
//
// On every (re)connection it asks for the alerts not yet acknowledged, so that they
// survive navigation: the next admin page lists them again in the waiting card.

import { broadcastComposer } from "./broadcast.js";
import { chatWindow } from "./chat.js";
import { ask, connect, explain } from "./connection.js";
import { ICONS, h, icon } from "./dom.js";
import { emergencyModal } from "./emergency.js";
import { DEVICES, ago, isEmergency, outcomeLabel, place, sawCurrency } from "./format.js";
import { askNotifications, beep, notificationsState, notify, setSound, soundOn } from "./prefs.js";
import { saleNotices } from "./sales.js";
import { toastStack } from "./toasts.js";
import { outcomeChip, waitingCard } from "./waiting.js";
import { watchPanel } from "./watch/open.js";

const TABS = [["alerts", "Alerts"], ["chats", "Chats"], ["broadcast", "Broadcast"]];

export function startOverlay(ui, settings, claims) {
  const canWrite = claims.role != "viewer";
  const pending = new Map(); // alert id -> alert not yet acknowledged
  let tab = "alerts";

  // -- the launcher and the refusal notice -------------------------------------------
  const dot = h("span", { className: "dot" });
  const count = h("span", { className: "count", hidden: true });
  const launcher = h("button", { className: "launcher", type: "button", ariaExpanded: "false", ariaLabel: "SiteTracker" }, dot, "SiteTracker", count);
  const refusal = h("div", { className: "refusal", role: "alert", hidden: true });
  const status = (state, text) => {
    dot.className = "dot " + state;
    launcher.title = "SiteTracker: " + text;
    refusal.hidden = state != "refused";
    if (state == "refused") refusal.replaceChildren(h("strong", {}, "SiteTracker overlay is off"), text);
  };
  const socket = connect(settings, status);

  // -- the panel -----------------------------------------------------------------------
  const tabButtons = {};
  const tabCounts = {};
  const bodies = {};
  const alertRows = h("ul", { className: "rows" });
  const noAlerts = h("p", { className: "empty" }, "All clear: no alert waits for you.");
  const chatRows = h("ul", { className: "rows" });
  const noChats = h("p", { className: "empty" }, "No conversation yet. Open one from an emergency, or from the live board's shoppers.");
  const composer = broadcastComposer(socket, { canWrite });
  bodies.alerts = h("div", {}, noAlerts, alertRows);
  bodies.chats = h("div", {}, noChats, chatRows);
  bodies.broadcast = composer.el;

  const sound = h("button", { className: "toggle", type: "button", ariaPressed: String(soundOn()) }, icon(ICONS.sound, 16), "Sound");
  sound.onclick = () => {
    const on = sound.getAttribute("aria-pressed") != "true";
    setSound(on);
    sound.setAttribute("aria-pressed", String(on));
  };
  const bell = h("button", { className: "toggle", type: "button" }, icon(ICONS.bell, 16), "Notifications");
  const showBell = () => {
    const state = notificationsState();
    bell.setAttribute("aria-pressed", String(state == "granted"));
    bell.hidden = state == "unsupported";
    bell.title = state == "granted" ? "Desktop notifications are on while this tab is in the background" : state == "denied" ? "Notifications are blocked in this browser's site settings" : "Show alerts as desktop notifications while this tab is in the background";
  };
  bell.onclick = async () => {
    await askNotifications();
    showBell();
  };
  showBell();
  const salesLabel = h("span", {}, "Sales: window");
  const salesToggle = h("button", { className: "toggle", type: "button", title: "How sales show: a window that closes itself, or toasts in the corner" }, icon(ICONS.sale, 16), salesLabel);
  const showSalesMode = (mode) => {
    sales.mode = mode;
    salesLabel.textContent = sales.mode == "toast" ? "Sales: corner" : "Sales: window";
    salesToggle.setAttribute("aria-pressed", String(sales.mode == "toast"));
  };
  salesToggle.onclick = async () => {
    const ack = await ask(socket, "alert_prefs", { sales: sales.mode == "toast" ? "modal" : "toast" });
    if (ack.prefs) showSalesMode(ack.prefs.sales);
  };

  const tabList = h("div", { className: "tabs", role: "tablist" });
  for (const [name, label] of TABS) {
    tabCounts[name] = h("span", { className: "count", hidden: true });
    tabButtons[name] = h("button", { className: "tab", type: "button", role: "tab", id: "st-tab-" + name, onclick: () => showTab(name) }, label, tabCounts[name]);
    tabList.append(tabButtons[name]);
  }
  const body = h("div", { className: "sheet-body", role: "tabpanel" });
  const who = h("span", { className: "who" }, claims.sub || "admin", canWrite ? "" : " · viewer");
  const sheet = h(
    "section",
    { className: "sheet", ariaLabel: "SiteTracker", hidden: true },
    h("header", { className: "sheet-head" }, h("h2", {}, "SiteTracker"), h("button", { className: "icon-btn", type: "button", ariaLabel: "Close the panel", onclick: () => showSheet(false) }, icon(ICONS.close, 18))),
    tabList,
    body,
    h("footer", { className: "sheet-foot" }, who, sound, bell, salesToggle),
  );

  function showTab(name) {
    tab = name;
    for (const [key] of TABS) tabButtons[key].setAttribute("aria-selected", String(key == name));
    body.setAttribute("aria-labelledby", "st-tab-" + name);
    body.replaceChildren(bodies[name]);
    if (name == "chats") refreshChats();
    if (name == "broadcast") ask(socket, "broadcast_list").then((ack) => ack.broadcasts && composer.list(ack.broadcasts));
  }
  function showSheet(open) {
    sheet.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      chat.el.hidden = true;
      showTab(tab);
    }
  }
  launcher.onclick = () => showSheet(sheet.hidden);
  sheet.addEventListener("keydown", (e) => e.key == "Escape" && (showSheet(false), launcher.focus()));

  // -- the chat window -----------------------------------------------------------------
  const watchMount = h("div", { className: "watch-mount", hidden: true });
  const watcher = watchPanel(watchMount, socket, settings.origin, () => (watchMount.hidden = true));
  const openWatch = (target) => ((watchMount.hidden = false), watcher.watch(target));
  const chat = chatWindow(socket, { canWrite, me: claims.sub, onWatch: (ref) => openWatch({ ref }), onClose: () => ((chat.el.hidden = true), launcher.focus()) });
  chat.el.hidden = true;
  const openChat = (target, details) => {
    sheet.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    chat.el.hidden = false;
    return chat.open(target, details);
  };

  const toasts = toastStack(ui);
  const sales = saleNotices(ui, toasts);
  const modal = emergencyModal(ui, {
    canWrite,
    help: (alert) => openChat({ alert: alert.id }, alert.details),
    acknowledge: (alert) => acknowledge(alert.id),
    watch: (alert) => (openChat({ alert: alert.id }, alert.details), openWatch({ alert: alert.id })),
    replay: (alert) => ((watchMount.hidden = false), watcher.replay(alert.id, alert.ref, alert.name)),
  });
  const waiting = waitingCard({ canWrite, open: (a) => modal.show(a), acknowledge: (a) => acknowledge(a.id), all: () => showSheet(true) });
  ui.append(h("div", { className: "dock" }, refusal, sheet, h("div", { className: "pair" }, watchMount, chat.el), waiting.el, launcher));

  // -- alerts --------------------------------------------------------------------------
  async function acknowledge(id) {
    const ack = await ask(socket, "alert_ack", { id });
    if (!ack.error) forget(id);
  }
  function forget(id) {
    pending.delete(id);
    modal.remove(id);
    toasts.remove("alert" + id);
    showAlerts();
  }
  function showAlerts() {
    // Newest first; alerts raised in the same second (`at` is in seconds) by id.
    const alerts = [...pending.values()].sort((a, b) => b.at - a.at || b.id - a.id);
    count.hidden = tabCounts.alerts.hidden = !alerts.length;
    count.textContent = tabCounts.alerts.textContent = alerts.length;
    launcher.setAttribute("aria-label", `SiteTracker: ${alerts.length} alert${alerts.length == 1 ? "" : "s"} waiting`);
    noAlerts.hidden = alerts.length > 0;
    alertRows.replaceChildren(
      ...alerts.map((a) => {
        const kind = isEmergency(a) ? "emergency" : a.kind == "sale" ? "sale" : "warning";
        const d = a.details || {};
        const open = h(
          "button",
          { className: "row-open", type: "button" },
          h("span", { className: "row-icon " + kind }, icon(kind == "sale" ? ICONS.sale : ICONS.alert, 16)),
          h("span", { className: "row-main" }, h("strong", { title: a.title }, a.title), h("span", {}, [place(d.location), DEVICES[d.device], ago(a.at)].filter(Boolean).join(" · "))),
        );
        open.onclick = () => (kind == "emergency" ? modal.show(a) : a.ref ? openChat({ alert: a.id }, d) : null);
        const ackButton = h("button", { className: "btn small", type: "button", hidden: !canWrite, onclick: () => acknowledge(a.id) }, "Acknowledge");
        return h("li", { className: "row clickable", dataAlert: a.id }, open, h("div", { className: "row-side" }, outcomeChip(a), ackButton));
      }),
    );
    waiting.show(alerts);
  }
  function arrived(a, live) {
    sawCurrency(a.currency);
    const d = a.details || {};
    const text = [a.name, place(d.location), DEVICES[d.device]].filter(Boolean).join(" · ");
    if (a.waits === false || a.kind == "sale") {
      // A notification: shown as it happens, never kept, never counted.
      if (!live) return;
      sales.show(a);
      if (soundOn()) beep("sale");
      notify(a.title, text, "st-alert-" + a.id);
      return;
    }
    pending.set(a.id, a);
    showAlerts();
    if (!live) return; // waiting alerts go to the waiting card, not into windows again
    if (isEmergency(a)) {
      modal.show(a);
      if (soundOn()) beep("emergency");
      notify(a.title, "A shopper needs help: " + text, "st-alert-" + a.id, () => modal.show(a));
      return;
    }
    const actions = canWrite ? [["Acknowledge", () => acknowledge(a.id)]] : [];
    toasts.show({ id: "alert" + a.id, kind: "warning", title: a.title, text, actions });
    if (soundOn()) beep("warning");
    notify(a.title, text, "st-alert-" + a.id);
  }

  socket.on("connect", async () => {
    const ack = await ask(socket, "alerts_pending");
    if (ack.prefs) showSalesMode(ack.prefs.sales);
    (ack.alerts || []).slice().reverse().forEach((a) => arrived(a, false));
    const kept = await ask(socket, "watch_recordings", { alerts: [...pending.keys()].slice(0, 50) });
    (kept.alerts || []).forEach(recorded);
  });
  // A recording of what led to an alert was kept: the emergency gets "Replay".
  function recorded(id) {
    const a = pending.get(id);
    if (a) (a.recorded = true), modal.refresh();
  }
  socket.on("watch_recorded", (data) => recorded(data.alert));
  socket.on("alert", (a) => arrived(a, true));
  socket.on("alert_ack", (a) => forget(a.id));
  // How an emergency ended (rescued, recovered, lost): shown where it is listed.
  socket.on("alert_outcome", (a) => {
    if (pending.has(a.id)) pending.set(a.id, { ...pending.get(a.id), ...a });
    modal.update(a);
    chat.outcome(a, outcomeLabel(a));
    showAlerts();
  });

  // -- chats and broadcasts ------------------------------------------------------------
  let chatsTimer;
  async function refreshChats() {
    const ack = await ask(socket, "chat_list");
    const list = ack.conversations || [];
    noChats.hidden = list.length > 0;
    chatRows.replaceChildren(
      ...list.map((c) =>
        h(
          "li",
          {},
          h(
            "button",
            { className: "row", type: "button", onclick: () => openChat({ ref: c.ref }) },
            h("span", { className: "row-icon" }, icon(ICONS.chat, 16)),
            h("span", { className: "row-main" }, h("strong", {}, c.name || "Shopper"), h("span", {}, c.last ? (c.last.sender == "shopper" ? "" : "You: ") + c.last.text : "")),
            h("span", { className: "row-side" }, h("span", { className: "chip " + (c.live ? "live" : "left") }, c.live ? "On site" : "Left"), ago(c.last_at)),
          ),
        ),
      ),
    );
  }
  socket.on("chat", (data) => {
    chat.chat(data);
    if (tab == "chats" && !sheet.hidden) {
      clearTimeout(chatsTimer);
      chatsTimer = setTimeout(refreshChats, 300);
    }
    const m = data.message;
    if (m.sender != "shopper" || (!chat.el.hidden && chat.ref == data.ref)) return;
    toasts.show({ id: "chat" + data.ref, kind: "info", title: `${data.name || "The shopper"} wrote`, text: m.text, actions: [["Open the chat", () => openChat({ ref: data.ref }), true]] });
    if (soundOn()) beep("message");
    notify(`${data.name || "The shopper"} wrote`, m.text, "st-chat-" + data.ref, () => openChat({ ref: data.ref }));
  });
  socket.on("chat_state", (data) => chat.state(data));
  socket.on("broadcasts", (data) => composer.list(data.broadcasts || []));

  // A token ends while the page stays open: say so, and stop.
  if (claims.exp) {
    const left = claims.exp * 1000 - Date.now();
    if (left < 2 ** 31) setTimeout(() => (socket.disconnect(), status("refused", explain("token expired"))), Math.max(left, 0));
  }
  showAlerts();
  return { socket };
}
