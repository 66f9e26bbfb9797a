// What the widget knows right now; `sitetracker("debug")` returns a copy of it.

export const state = {
  on: false, // tracking this page (false with Do Not Track, opt-out, or a refused site)
  connected: false, // the live connection is up
  visitor: "", // the visitor id `v`
  session: "", // the session id `s`
  returning: 0, // `ret`: 1 when the visitor id existed before this session began
  engaged: 0, // engaged seconds counted on this page so far
  refused: "", // why the server refused the connection, if it did
};
