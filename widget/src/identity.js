// Who the shopper is: a first-party visitor id, a session id (a new one after 30
// minutes without activity) and whether the visitor is returning; and whether they
// asked not to be tracked at all.

import { state } from "./state.js";
import { LOCAL, SESSION, randomId, storage } from "./util.js";

const SESSION_GAP = 30 * 60 * 1000;
const KEYS = ["st_vid", "st_ses"]; // st_ses: {"s": session, "r": returning, "t": last activity ms}
const modes = []; // consent modes: the tag's data-consent, then the site's from the server
let area; // where the ids live: LOCAL or SESSION
let memory = {}; // the session, also in memory: storage may be blocked, or change

/** True when nothing may be tracked: Do Not Track, Global Privacy Control, opt-out. */
export const trackingOff = () =>
  navigator.doNotTrack == "1" || navigator.globalPrivacyControl || storage(LOCAL, "st_optout") == "1";

/** The identity the server wants with events: `{v, s, ret}`. */
export const identity = () => ({ v: state.visitor, s: state.session, ret: state.returning });

/** Sets the tag's (0) or the site's (1) consent mode; the stricter of the two applies. */
export function setMode(which, mode) {
  modes[which] = mode;
  place();
}

/**
 * Decides where the ids live: localStorage for "keep", and for "ask" once the store
 * reported consent; else sessionStorage (those in localStorage are dropped, those in
 * memory move), and always after the store reported a refusal (st_consent 1 or 0).
 */
export function place() {
  const consent = storage(LOCAL, "st_consent");
  const ask = modes.includes("ask") && consent != "1";
  area = ask || consent == "0" || modes.includes("session") ? SESSION : LOCAL;
  if (area == SESSION) for (const key of KEYS) storage(LOCAL, key, null);
}

/** Forgets the ids, everywhere (on opt-out). */
export function forget() {
  for (const key of KEYS) {
    storage(LOCAL, key, null);
    storage(SESSION, key, null);
  }
  memory = {};
  state.visitor = "";
}

/** Reads (or starts) the visitor and session and marks activity. */
export function touch() {
  const now = Date.now();
  const visitor = storage(area, "st_vid") || state.visitor;
  let ses;
  try {
    ses = JSON.parse(storage(area, "st_ses"));
  } catch (e) {}
  ses = ses || memory;
  if (!(ses.s && now - ses.t < SESSION_GAP)) ses = { s: randomId(), r: visitor ? 1 : 0 };
  ses.t = now;
  memory = ses;
  storage(area, "st_vid", (state.visitor = visitor || randomId()));
  storage(area, "st_ses", JSON.stringify(ses));
  state.session = ses.s;
  state.returning = ses.r & 1;
}
