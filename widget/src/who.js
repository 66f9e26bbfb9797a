// Who this browser is, as the server reads it (docs/protocol.md): visitor, session,
// returning, and t: a touch screen (iPadOS Safari sends a Mac's User-Agent).

export const who = (state) =>
  Object.assign({ v: state.visitor, s: state.session, ret: state.returning }, navigator.maxTouchPoints > 1 && { t: 1 });
