// The recorder, built as widget-watch.js and loaded by the live channel
// (../watch-loader.js) only when the server asks:
//
//   watch_start {ttl}   an admin watches: stream this page (a full snapshot, then its
//                       changes) as watch_events, until watch_stop or ttl seconds
//   watch_keep          a checkout page: keep the last two minutes in this page's memory
//   watch_send {alert}  an alert fired for this shopper: send what was kept (watch_lead)
//
// It records nothing while tracking is off (Do Not Track, opt-out: the widget's one
// predicate) and never what privacy.js blocks. It talks over the live channel's socket
// (window.sitetracker._c.socket).

import { record } from "@rrweb/record";
import { trackingOff } from "../identity.js";
import { randomId } from "../util.js";
import { RECORD_OPTIONS } from "./privacy.js";
import { sendEvents } from "./send.js";

const FLUSH_EVERY = 100; // ms between two batches of the live view
const KEEP_MS = 120000; // the lead-up: the last two minutes
const KEEP_CHARS = 1800000; // and at most this much of it

(() => {
  try {
    const core = window.sitetracker._c;
    if (core.watch || !core.socket) return;
    const socket = core.socket;
    const page = randomId().slice(0, 24);
    let stopRecording = null;
    const live = { on: false, queue: [], sending: false, timer: 0 };
    const keep = { on: false, segments: [], chars: 0, sent: {} };

    const allowed = () => core.state.on && !trackingOff();
    const stopAll = () => {
      live.on = keep.on = false;
      live.queue = [];
      keep.segments = [];
      if (stopRecording) stopRecording();
      stopRecording = null;
    };
    const keepEvent = (event) => {
      const size = JSON.stringify(event).length;
      if (event.type == 4 || !keep.segments.length) keep.segments.push({ events: [], chars: 0 });
      const segment = keep.segments[keep.segments.length - 1];
      segment.events.push(event);
      segment.chars += size;
      keep.chars += size;
      // Each segment starts with a full snapshot; drop one once the next covers the window.
      const since = Date.now() - KEEP_MS;
      while (keep.segments.length > 1 && (keep.segments[1].events[0].timestamp <= since || keep.chars > KEEP_CHARS)) keep.chars -= keep.segments.shift().chars;
    };
    const emit = (event) => {
      if (!allowed()) return stopAll();
      if (live.on) live.queue.push(event);
      if (keep.on) keepEvent(event);
    };
    const recording = () => {
      if (stopRecording) return record.takeFullSnapshot(true);
      stopRecording = record(Object.assign({ emit }, RECORD_OPTIONS));
    };
    const stopLive = () => {
      live.on = false;
      live.queue = [];
      clearTimeout(live.timer);
      if (!keep.on && stopRecording) stopRecording(), (stopRecording = null);
    };
    const flush = async () => {
      if (!live.on || live.sending || !live.queue.length) return;
      live.sending = true;
      const batch = live.queue.splice(0);
      const ack = await sendEvents(socket, "watch_events", { p: page }, batch);
      live.sending = false;
      if (ack.stop || (ack.error && ack.error.status != 503)) stopLive();
    };
    setInterval(flush, FLUSH_EVERY);

    const handlers = {
      watch_start(data) {
        if (!allowed()) return;
        live.on = true;
        live.queue = [];
        clearTimeout(live.timer);
        live.timer = setTimeout(stopLive, Math.min(data.ttl || 600, 600) * 1000);
        recording();
      },
      watch_stop: stopLive,
      watch_keep() {
        if (!allowed() || keep.on) return;
        keep.on = true;
        recording();
      },
      watch_send(data) {
        if (!keep.on || keep.sent[data.alert] || !keep.segments.length) return;
        keep.sent[data.alert] = 1;
        const events = [].concat(...keep.segments.map((s) => s.events));
        sendEvents(socket, "watch_lead", { p: page, alert: data.alert }, events);
      },
    };
    core.watch = (name, data) => {
      try {
        if (handlers[name]) handlers[name](data || {});
      } catch (e) {}
    };
    (core.watchq || []).splice(0).forEach(([name, data]) => core.watch(name, data));
  } catch (e) {}
})();
