// What the widget knows right now; `sitetracker("debug")` returns a copy of it:
//
//   on         tracking this page (false with Do Not Track, opt-out, a refused site)
//   connected  the live connection is up
//   visitor    the visitor id `v`, once tracking started
//   session    the session id `s`
//   returning  `ret`: 1 when the visitor id existed before this session began
//   engaged    engaged seconds counted on this page so far
//   refused    why the server refused the live connection, if it did
//   vf         the site page's verify code this tab was opened with, if any
//   sent       events sent with track() (commerce and custom ones), handed to the live
//              channel, which keeps them until the server acknowledges them (retry.js)

export const state = { on: false, connected: false, engaged: 0, sent: [] };
