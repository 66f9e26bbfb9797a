// Part of the live channel: events sent with track() (commerce events above all: a
// purchase must not be lost) are kept in localStorage["st_pend"] until the server
// acknowledges them, by an acknowledgement on the live connection or a 2xx answer to a
// request. Until then they are sent again by HTTP, 3 seconds after they were sent and
// then with a growing pause (doubling up to a minute, or the Retry-After of a 503 when
// longer), on this page and on the next ones. They keep their ids, so however often one
// arrives the server counts it once. An answer the server will never change (a 4xx but
// 408 and 429) drops them; so does a day without success, and opting out. At most 50
// wait.
//
// The core hands events over in `state.sent`: an array until this chunk runs, then an
// object whose push() keeps each event at once.

import { LOCAL, safe, storage } from "./util.js";

const KEY = "st_pend";
const FIRST = 3000;
const LONGEST = 60000;
const DAY = 86400000;
const MOST = 50;

/** Keeps `state.sent` until acknowledged; returns `acked(answer, events)` for the socket. */
export function startRetry(core) {
  const { config, state } = core;
  let pause = FIRST;

  const load = () => {
    try {
      return JSON.parse(storage(LOCAL, KEY)) || [];
    } catch (e) {
      return [];
    }
  };
  // Read, change and write at once: other tabs of the store share the list.
  const change = (fn) => {
    const list = fn(load().filter((x) => Date.now() - x.t < DAY)).slice(-MOST);
    storage(LOCAL, KEY, list.length ? JSON.stringify(list) : null);
  };
  const keep = (event) => change((list) => list.concat({ t: Date.now(), e: event }));
  const forget = (events) => {
    const ids = events.map((e) => e.i);
    change((list) => list.filter((x) => !ids.includes(x.e.i)));
  };

  const retry = safe(async () => {
    if (storage(LOCAL, "st_optout") == "1") storage(LOCAL, KEY, null); // opted out: forget them
    const due = load().filter((x) => Date.now() - x.t >= FIRST).slice(0, 100).map((x) => x.e);
    let wait = FIRST;
    if (due.length && state.on) {
      try {
        const body = JSON.stringify({ k: config.site, v: state.visitor, s: state.session, ret: state.returning, ev: due });
        const answer = await fetch(config.origin + "/api/collect", { method: "POST", body, keepalive: true });
        const status = answer.status;
        if (answer.ok || (status < 500 && status != 408 && status != 429)) {
          forget(due);
          pause = FIRST;
        } else {
          wait = pause = Math.max(Math.min(pause * 2, LONGEST), 1000 * answer.headers.get("Retry-After") || 0);
        }
      } catch (e) {
        wait = pause = Math.min(pause * 2, LONGEST); // unreachable
      }
    }
    setTimeout(retry, wait);
  });

  state.sent.forEach(keep);
  state.sent = { push: safe(keep) };
  setTimeout(retry, FIRST);
  // The live connection's acknowledgement: kept unless the server could not take them
  // (5xx) or dropped some for the rate limit.
  return safe((answer, events) => {
    const error = answer && answer.error;
    if (answer && !(error && error.status >= 500) && !(answer.dropped || {}).throttled) forget(events);
  });
}
