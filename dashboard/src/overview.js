// The agency overview (/overview): today's totals and the top sites (rendered by the
// server), a live card per site the user may see, a live timeline and one world map
// across them (agency.js). One socket (a socket.io Manager) carries every site's
// namespace; each card keeps its own copy of its site's snapshot and is redrawn at most
// once a frame.

import { mergeLocations, sortableTable, timeline, worldMap } from "./agency.js";
import { setText, sparkline } from "./dom.js";
import { countryName, duration, int, money } from "./format.js";
import { followSite, sharedManager, showStatus } from "./socket.js";

const SPARK_MINUTES = 30;
const connection = document.getElementById("connection");
const manager = sharedManager();
const states = new Map(); // site key -> state of its connection
const cards = new Map(); // site key -> card
const dirty = new Set();
let frameRequested = false;
const timelineList = document.getElementById("timeline");
const activity = timelineList ? timeline(timelineList, document.getElementById("timeline-empty")) : null;
const map = worldMap(document.getElementById("overview-map"));
let country = null; // the map's filter: an ISO code, or null for every country

function card(el) {
  const spark = sparkline([], 240, 44);
  el.querySelector(".overview-spark").append(spark);
  return {
    el,
    spark,
    name: el.querySelector(".overview-name").textContent,
    users: el.querySelector('[data-metric="users"]'),
    engaged: el.querySelector('[data-metric="engaged"]'),
    sales: el.querySelector('[data-metric="sales"]'),
    salesBox: el.querySelector('[data-metric-box="sales"]'),
    rescued: el.querySelector('[data-metric="rescued"]'),
    rescuedNote: el.querySelector('[data-metric="rescued-note"]'),
    rescuedBox: el.querySelector('[data-metric-box="rescued"]'),
    snap: null,
  };
}

function draw(c) {
  const snap = c.snap;
  setText(c.users, int(snap.users));
  setText(c.engaged, duration(snap.engaged_today));
  // Sales today, once the store reports them (the commerce part of the snapshot).
  const sales = snap.sales_today ?? (snap.commerce ? snap.commerce.sales_today : undefined);
  c.salesBox.hidden = sales === undefined || sales === null;
  if (!c.salesBox.hidden) {
    // No sales yet: their count, not an amount in a currency nobody named.
    const count = typeof sales === "object" ? sales.count : null;
    setText(c.sales, typeof sales !== "object" ? int(sales)
      : sales.currency ? money(sales.value, sales.currency) : `${int(count || 0)} sales`);
  }
  // Sales rescued by helping a shopper in trouble (commerce's rescues), today and this
  // month: the value in its main currency, else the count.
  const rescues = snap.commerce ? snap.commerce.rescues : null;
  c.rescuedBox.hidden = !rescues;
  if (rescues) {
    const [today, month] = [rescues.today, rescues.month];
    // An amount once there is one (and how many sales), else the count alone.
    const amount = (line) => (line.currency ? money(line.value, line.currency) : int(line.count || 0));
    const count = (line) => (line.currency ? ` (${int(line.count)})` : "");
    setText(c.rescued, amount(today));
    setText(c.rescuedNote, `rescued today${count(today)} · ${amount(month)} this month${count(month)}`);
    Object.assign(c.rescued.dataset, { count: String(today.count), amount: String(today.value), currency: today.currency || "" });
  }
  const since = Math.floor(snap.at / 60) * 60 - (SPARK_MINUTES - 1) * 60;
  const perMinute = new Map((snap.concurrents_today || []).filter(([m]) => m >= since));
  const values = Array.from({ length: SPARK_MINUTES }, (_, i) => perMinute.get(since + i * 60) || 0);
  values[values.length - 1] = Math.max(values[values.length - 1], snap.users);
  c.spark.draw(values);
  c.el.dataset.users = String(snap.users);
}

function render() {
  frameRequested = false;
  for (const c of dirty) {
    draw(c);
    if (activity) activity.add(c.el.dataset.site, c.name, c.snap.recent);
  }
  dirty.clear();
  map.update(mergeLocations([...cards.values()].filter((c) => c.snap).map((c) => c.snap)));
  applyCountry();
}

/** Only the sites with shoppers from the chosen country, and only its events. */
function applyCountry() {
  const clear = document.getElementById("country-clear");
  if (clear) {
    clear.hidden = !country;
    clear.textContent = country ? `${countryName(country)} only ×` : "";
  }
  if (activity) activity.filter(country);
  for (const row of document.querySelectorAll("#top-sites tbody tr")) {
    const c = cards.get(row.dataset.key);
    row.hidden = !!country && !(c && c.snap && (c.snap.countries || []).some(([code]) => code === country));
  }
}

function overallStatus() {
  const all = [...states.values()];
  if (all.length === 0) return;
  if (all.every((s) => s === "live")) showStatus(connection, "live", "Live");
  else if (all.some((s) => s === "refused")) showStatus(connection, "refused", "Some sites refused the connection");
  else if (all.some((s) => s === "reconnecting" || s === "stalled")) showStatus(connection, "reconnecting", "Reconnecting…");
  else showStatus(connection, "connecting", "Connecting…");
}

function start() {
  for (const el of document.querySelectorAll(".overview-card[data-site]")) cards.set(el.dataset.site, card(el));
  if (!cards.size) showStatus(connection, "live", "No sites");
  sortableTable(document.getElementById("top-sites"));
  const mapEl = document.getElementById("overview-map");
  if (mapEl) {
    mapEl.addEventListener("country", (event) => {
      country = event.detail === country ? null : event.detail;
      applyCountry();
    });
  }
  const clear = document.getElementById("country-clear");
  if (clear) {
    clear.addEventListener("click", () => {
      country = null;
      applyCountry();
    });
  }
  for (const c of cards.values()) {
    const key = c.el.dataset.site;
    states.set(key, "connecting");
    followSite(key, {
      snapshot(snap) {
        c.snap = snap;
        dirty.add(c);
        if (!frameRequested) {
          frameRequested = true;
          requestAnimationFrame(render);
        }
      },
      status(state) {
        states.set(key, state);
        c.el.dataset.state = state;
        overallStatus();
      },
    }, manager);
  }
  wireTools();
}

function wireTools() {
  const themeButton = document.getElementById("theme-toggle");
  const apply = (theme) => {
    document.documentElement.dataset.theme = theme;
    themeButton.textContent = theme === "dark" ? "Light theme" : "Dark theme";
  };
  let theme = localStorage.getItem("sitetracker-overview-theme") || "dark";
  apply(theme);
  themeButton.addEventListener("click", () => {
    theme = theme === "dark" ? "light" : "dark";
    localStorage.setItem("sitetracker-overview-theme", theme);
    apply(theme);
  });
  const wallButton = document.getElementById("wallboard-toggle");
  const setWall = (on) => {
    document.documentElement.classList.toggle("wallboard", on);
    wallButton.textContent = on ? "Leave wallboard" : "Wallboard";
  };
  wallButton.addEventListener("click", () => {
    const on = !document.documentElement.classList.contains("wallboard");
    if (on && document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
    else if (!on && document.fullscreenElement) document.exitFullscreen().catch(() => {});
    setWall(on);
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement) setWall(false);
  });
}

start();
