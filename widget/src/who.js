// Who this browser is, as the server reads it (docs/protocol.md): visitor, session,
// returning, vf: the site page's verify code when this tab has one, and t: a touch
// screen (iPadOS Safari sends a Mac's User-Agent).

export const who = (state) =>
  Object.assign({ v: state.visitor, s: state.session, ret: state.returning, vf: state.vf }, navigator.maxTouchPoints > 1 && { t: 1 });
