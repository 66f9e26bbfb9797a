// Who this browser is, as the server reads it (docs/protocol.md): visitor, session,
// returning, vf: the site page's verify code when this tab has one, t: a touch screen
// (iPadOS Safari sends a Mac's User-Agent), and w: the page's width in CSS pixels, which
// the server turns into a screen size class (phone, tablet, laptop, desktop). Sent by the
// live channel only (its connection and its beacons), so the 2 KB core stays small.

export const who = (state) =>
  Object.assign({ v: state.visitor, s: state.session, ret: state.returning, vf: state.vf, w: Math.min(innerWidth, 2e4) || undefined }, navigator.maxTouchPoints > 1 && { t: 1 });
