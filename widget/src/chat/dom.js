// A few DOM pieces for the chat chunk: elements built with text only (never HTML), the
// shadow root with its own styles, and the session's memory.

/** `h("p", {className: "x", ariaLabel: "y"}, "text", child)`: strings become text nodes,
 *  never markup; `role` and `aria*` props become attributes. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const key in props) {
    if (key == "role" || !key.indexOf("aria")) attr(el, key, props[key]);
    else el[key] = props[key];
  }
  el.append(...children);
  return el;
}

/** Sets `role`, or `aria-<name>` for `ariaName`. */
export const attr = (el, key, value) => el.setAttribute(key == "role" ? key : "aria-" + key.slice(4).toLowerCase(), value);

/** An SVG icon from path data (ours, constant). */
export function icon(d) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(NS, "path");
  path.setAttribute("d", d);
  svg.append(path);
  return svg;
}

/**
 * `<sitetracker-chat>` at the end of the page with an open shadow root holding `css`:
 * a constructed stylesheet where the browser has them (a page's Content-Security-Policy
 * may refuse <style> elements), else a <style>. Returns the shadow root.
 */
export function shadowHost(css) {
  const host = document.createElement("sitetracker-chat");
  const root = host.attachShadow({ mode: "open" });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.append(h("style", { textContent: css }));
  }
  (document.body || document.documentElement).append(host);
  return root;
}

/** `remember(key)` reads a JSON value from sessionStorage, `remember(key, value)` writes it. */
export function remember(key, value) {
  try {
    if (value === undefined) return JSON.parse(sessionStorage.getItem(key));
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch (e) {}
}

/** "14:05" in the shopper's own clock. */
export const clock = (at) => new Date(at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
