// The live board of one site (/sites/<key>/board): tiles on a grid, fed by the admin
// socket. Every push updates the model at once; the tiles are redrawn together at most
// once a frame (one batch per tick, never a redraw per event).

import { palette } from "./charts.js";
import { h } from "./dom.js";
import { tileFrame } from "./frame.js";
import { COLUMNS, createGrid, followWidth, layoutSaver, placesOf } from "./grid.js";
import { BoardModel } from "./model.js";
import { boardSales } from "./sales.js";
import { followSite, showStatus } from "./socket.js";
import { followWatchButtons } from "./watch.js";
import { tileDefinition, tileDefinitions } from "./tiles/registry.js";

const ALERT_GLOW = 30000; // ms a tile stays lit after an alert

const root = document.getElementById("board");
const key = root.dataset.site;
const api = `/api/sites/${encodeURIComponent(key)}`;
const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
const connection = document.getElementById("connection");
const model = new BoardModel();
const tiles = new Map(); // id -> {tile, def, frame, instance, lit}
let grid = null;
let theme = document.documentElement.dataset.theme || "dark";
let addable = []; // the tiles the add menu offers: the server's types, in its order
let frameRequested = false;
let needsHistory = false;
let historyLoading = false;
let sales = null; // the sale notices (sales.js), once the socket is open
const save = layoutSaver(`${api}/board`, csrf, root);

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function context(tile) {
  return { colors: palette(), model, mapUrl: root.dataset.mapUrl, api, getJSON, options: tile.options || {} };
}

// -- tiles ------------------------------------------------------------------------------
function mountTile(entry) {
  entry.frame.body.replaceChildren();
  entry.instance = entry.def.mount(entry.frame.body, context(entry.tile));
  if (model.snap) entry.instance.update(model);
}

function addTile(tile) {
  const def = tileDefinition(tile.type);
  if (!def) return; // a type this build has no module for (warned once)
  const entry = { tile: { ...tile, thresholds: tile.thresholds || { above: null, below: null } }, def, lit: false };
  entry.frame = tileFrame(entry.tile, def, {
    remove: () => {
      tiles.delete(tile.id);
      if (entry.instance && entry.instance.destroy) entry.instance.destroy();
      grid.removeWidget(entry.frame.item);
    },
    settings: ({ thresholds, options }) => {
      entry.tile.thresholds = thresholds;
      entry.lit = false;
      entry.frame.content.classList.remove("is-lit");
      if (options) {
        entry.tile.options = options;
        if (entry.instance.destroy) entry.instance.destroy();
        mountTile(entry);
      }
      saveLayout();
      scheduleRender();
    },
  });
  tiles.set(tile.id, entry);
  grid.el.append(entry.frame.item);
  const place = { id: tile.id, w: tile.w, h: tile.h, minW: 2, minH: 2 };
  if (tile.x === undefined) place.autoPosition = true;
  else Object.assign(place, { x: tile.x, y: tile.y });
  grid.makeWidget(entry.frame.item, place);
  mountTile(entry);
}

function newTile(def) {
  const id = `${def.type}-${Math.random().toString(36).slice(2, 8)}`;
  addTile({ id, type: def.type, ...def.defaultSize });
  saveLayout();
  const added = tiles.get(id);
  if (added) added.frame.item.scrollIntoView({ behavior: "smooth", block: "nearest" });
}

function saveLayout() {
  if (!grid || grid.getColumn() !== COLUMNS) return; // phones show the layout, not edit it
  const places = placesOf(grid);
  save({
    theme,
    tiles: places.filter((p) => tiles.has(p.id)).map((p) => {
      const { tile } = tiles.get(p.id);
      return { ...p, type: tile.type, thresholds: tile.thresholds, ...(tile.options && { options: tile.options }) };
    }),
  });
}

function buildAddMenu() {
  const list = document.getElementById("add-menu-list");
  const menu = document.getElementById("add-menu");
  list.replaceChildren(...addable.map((def) =>
    h("button", { type: "button", className: "add-menu-item", dataset: { type: def.type }, text: def.title, on: {
      click: () => {
        menu.open = false;
        newTile(def);
      },
    } })));
}

// -- live updates -------------------------------------------------------------------------
function scheduleRender() {
  if (frameRequested || !model.snap) return;
  frameRequested = true;
  requestAnimationFrame(render);
}

function render() {
  frameRequested = false;
  for (const entry of tiles.values()) {
    entry.instance.update(model);
    checkThresholds(entry);
  }
  root.dataset.updatedAt = String(model.snap.at);
}

function checkThresholds(entry) {
  const { def, tile } = entry;
  if (!def.metric) return;
  const value = def.metric(model.snap);
  const { above, below } = tile.thresholds;
  const over = above !== null && above !== undefined && value > above;
  const under = below !== null && below !== undefined && value < below;
  if ((over || under) && !entry.lit) {
    entry.lit = true;
    entry.frame.content.classList.add("is-lit");
    model.mark(model.snap.at, `${def.title} ${over ? ">" : "<"} ${over ? above : below}`, "threshold");
  } else if (!over && !under && entry.lit) {
    entry.lit = false;
    entry.frame.content.classList.remove("is-lit");
  }
}

/** The banner of base.html, while the server says data is not being saved. */
function showStorage(storage) {
  const banner = document.getElementById("storage-banner");
  if (!banner || !storage) return;
  banner.hidden = storage.saving;
  banner.textContent = storage.message || "";
}

function onSnapshot(snap, full) {
  showStorage(snap.storage);
  model.setSnapshot(snap);
  const newDay = model.history && model.midnight() !== model.history.midnight;
  if (!historyLoading && ((full && needsHistory) || newDay)) refreshHistory();
  scheduleRender();
}

/** After a reconnect or at midnight: the graphs' history again, to fill what was missed. */
async function refreshHistory() {
  needsHistory = false;
  historyLoading = true;
  try {
    model.setHistory(await getJSON(`${api}/history?minutes=30`));
    scheduleRender();
  } catch (error) {
    console.warn("history not refreshed:", error.message);
  } finally {
    historyLoading = false;
  }
}

/** Whether `def` shows what `alert` is about: its `alerts` name the alert's kind, or
 *  its severity as "severity:<name>". */
const shows = (def, alert) => (def.alerts || []).some((name) => name === alert.kind || name === `severity:${alert.severity}`);

/** A commerce alert ({id, kind, severity, title, at, ...}) lights the tiles that show it,
 *  else the event stream, and marks the time graphs. */
function onAlert(alert) {
  if (alert.kind === "sale" && sales) sales.show(alert);
  const at = Number(alert.at) || (model.snap ? model.snap.at : Date.now() / 1000);
  model.sawCurrency(alert.currency);
  model.mark(at, String(alert.title || alert.kind || "alert"), alert.kind === "sale" ? "sale" : "alert");
  const matching = [...tiles.values()].filter((e) => shows(e.def, alert));
  const targets = matching.length ? matching : [...tiles.values()].filter((e) => e.def.type === "stream");
  for (const entry of targets) {
    entry.frame.content.classList.add("is-alerted");
    setTimeout(() => entry.frame.content.classList.remove("is-alerted"), ALERT_GLOW);
  }
  scheduleRender();
}

function onBroadcast(data) {
  const at = Number(data && data.at) || (model.snap ? model.snap.at : Date.now() / 1000);
  model.mark(at, `Broadcast${data && data.text ? ": " + String(data.text) : ""}`, "broadcast");
  scheduleRender();
}

// -- theme, wallboard -------------------------------------------------------------------
function setTheme(next) {
  theme = next;
  document.documentElement.dataset.theme = next;
  document.getElementById("theme-toggle").textContent = next === "dark" ? "Light theme" : "Dark theme";
  for (const entry of tiles.values()) {
    if (entry.instance.destroy) entry.instance.destroy();
    mountTile(entry);
  }
}

function setWallboard(on) {
  document.documentElement.classList.toggle("wallboard", on);
  document.getElementById("wallboard-toggle").textContent = on ? "Leave wallboard" : "Wallboard";
  updateStatic();
}

function updateStatic() {
  if (grid) grid.setStatic(grid.getColumn() !== COLUMNS || document.documentElement.classList.contains("wallboard"));
}

function wireTools() {
  document.getElementById("theme-toggle").addEventListener("click", () => {
    setTheme(theme === "dark" ? "light" : "dark");
    saveLayout();
  });
  document.getElementById("wallboard-toggle").addEventListener("click", () => {
    const on = !document.documentElement.classList.contains("wallboard");
    if (on && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    } else if (!on && document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    }
    setWallboard(on);
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement) setWallboard(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.documentElement.classList.contains("wallboard")) setWallboard(false);
  });
  window.addEventListener("resize", updateStatic);
}

// -- start ------------------------------------------------------------------------------
async function start() {
  showStatus(connection, "connecting", "Connecting…");
  const [board, history] = await Promise.all([getJSON(`${api}/board`), getJSON(`${api}/history?minutes=30`)]);
  model.setHistory(history);
  addable = tileDefinitions(board.tile_types);
  setTheme(board.theme || theme);
  grid = createGrid(document.getElementById("grid"), { onChange: saveLayout });
  grid.batchUpdate();
  for (const tile of board.tiles) addTile(tile);
  grid.batchUpdate(false);
  followWidth(grid);
  buildAddMenu();
  wireTools();
  setWallboard(new URLSearchParams(location.search).has("wallboard"));
  root.dataset.ready = "true";
  const followed = followSite(key, {
    snapshot: onSnapshot,
    status: (state, text) => {
      showStatus(connection, state, text);
      if (state === "reconnecting") needsHistory = true;
    },
    alert: onAlert,
    broadcast: onBroadcast,
  });
  sales = boardSales(followed.socket);
  followWatchButtons(followed.socket);
}

start().catch((error) => {
  showStatus(connection, "refused", "Could not load the board");
  root.append(h("p", { className: "card board-error", text: `The board could not load: ${error.message}` }));
  throw error;
});
