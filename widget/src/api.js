// The public API, window.sitetracker(command, ...args), with a method per command:
//   sitetracker("track", name, props)   sitetracker.track(name, props)
//   sitetracker("optout") / ("optin")   sitetracker("consent", true|false)
//   sitetracker("debug")                a copy of the widget's state (see state.js)
// Invalid calls are ignored with one console warning; nothing is ever thrown.

import { forget, place } from "./identity.js";
import { state } from "./state.js";
import { send, stop } from "./transport.js";
import { LOCAL, safe, storage, warn } from "./util.js";

// A custom name, but not one of the events the widget sends itself.
const NAME = /^(?!(pageview|engage|leave)$)[a-z][a-z0-9_]{0,39}$/;

/** True for a property value the server refuses: a long string, an object, NaN... */
const invalid = (value, type = typeof value) =>
  type == "object" ? value : type == "string" ? value.length > 500 : type != "boolean" && !(Math.abs(value) <= 1e12);

/** Builds window.sitetracker; `start` turns tracking on. */
export function publicApi(start) {
  // Each command returns false when its arguments are invalid.
  const commands = {
    __proto__: null,
    track(name, props, closing) {
      const p = Object.assign({}, props);
      const keys = Object.keys(p);
      const valid =
        typeof name == "string" &&
        NAME.test(name) &&
        (props == null || (typeof props == "object" && !Array.isArray(props))) &&
        keys.length <= 20 &&
        !keys.some((key) => key.length > 40 || invalid(p[key]));
      return valid && send({ n: name, p }, closing);
    },
    optout() {
      storage(LOCAL, "st_optout", 1);
      stop();
      forget();
    },
    optin() {
      storage(LOCAL, "st_optout", null);
      start();
    },
    consent(given) {
      if (given !== !!given) return false;
      storage(LOCAL, "st_consent", +given);
      place();
    },
    debug: () => Object.assign({}, state),
  };
  const api = safe((command, ...args) => {
    const result = command in commands && commands[command](...args);
    if (result === false) warn("ignored " + [command, ...args]);
    return result;
  });
  for (const command in commands) api[command] = (...args) => api(command, ...args);
  return api;
}
