// Who the shopper is: a first-party visitor id, a session id (a new one after 30
// minutes without activity) and whether the visitor is returning; and whether they
// asked not to be tracked at all.

import { state } from "./state.js";
import { LOCAL, SESSION, load, randomId, save } from "./util.js";

const STRICTNESS = { keep: 0, ask: 1, session: 2 };
const SESSION_GAP = 30 * 60 * 1000;
const KEYS = ["st_vid", "st_ses"]; // st_ses: {"s": session, "r": returning, "t": last activity ms}
const modes = [0, 0]; // the tag's data-consent, and the site's setting from the server
let area; // where the ids live now: LOCAL or SESSION
let memory = {}; // the session in memory too: storage may be unavailable, or moved

/** True when nothing may be tracked: Do Not Track, Global Privacy Control, opt-out. */
export const trackingOff = () =>
  navigator.doNotTrack == "1" || navigator.globalPrivacyControl || load(LOCAL, "st_optout") == "1";

/** Sets the tag's (0) or the site's (1) consent mode; the stricter of the two applies. */
export function setMode(which, mode) {
  modes[which] = STRICTNESS[mode] | 0;
  place();
}

/**
 * Decides where the ids live: localStorage for "keep", and for "ask" once the store
 * reported consent; else sessionStorage (the ids move there; those in localStorage
 * are dropped), and always after the store reported a refusal (`st_consent` 1 or 0).
 */
export function place() {
  const mode = Math.max(...modes);
  const consent = load(LOCAL, "st_consent");
  area = consent == "0" || mode > 1 || (mode && consent != "1") ? SESSION : LOCAL;
  if (area == SESSION) for (const key of KEYS) save(LOCAL, key, null);
  // touch() writes the ids from memory to the new place at the next event
}

/** Reads (or starts) the visitor and session and marks activity; true for a new session. */
export function touch() {
  const now = Date.now();
  let visitor = load(area, "st_vid");
  let ses;
  try {
    ses = JSON.parse(load(area, "st_ses"));
  } catch (e) {}
  ses = ses || memory;
  visitor = visitor || state.visitor;
  const fresh = !(ses.s && now - ses.t < SESSION_GAP);
  if (fresh) ses = { s: randomId(), r: visitor ? 1 : 0 };
  ses.t = now;
  memory = ses;
  state.visitor = visitor = visitor || randomId();
  state.session = ses.s;
  state.returning = ses.r & 1;
  save(area, "st_vid", visitor);
  save(area, "st_ses", JSON.stringify(ses));
  return fresh;
}

/** Forgets the ids everywhere (on opt-out). */
export function forget() {
  for (const key of KEYS) {
    save(LOCAL, key, null);
    save(SESSION, key, null);
  }
  state.visitor = "";
  memory = {};
}
