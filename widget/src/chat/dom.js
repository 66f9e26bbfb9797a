// A few DOM pieces for the chat chunk: elements built with text only (never HTML) and
// the shadow root with its own styles (the front ends' shared/src/dom.js), icons, and
// the session's memory.

export { attr, h, shadowHost } from "../../../shared/src/dom.js";

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

/** `remember(key)` reads a JSON value from sessionStorage, `remember(key, value)` writes it. */
export function remember(key, value) {
  try {
    if (value === undefined) return JSON.parse(sessionStorage.getItem(key));
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch (e) {}
}

/** "14:05" in the shopper's own clock. */
export const clock = (at) => new Date(at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
