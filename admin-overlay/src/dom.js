// DOM pieces shared by the overlay's parts: elements built with text only (never HTML)
// and the shadow root every part lives in (the front ends' shared/src/dom.js), and icons.

export { h, shadowHost } from "../../shared/src/dom.js";

/** An SVG icon from our own path data. */
export function icon(d, size = 20) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("aria-hidden", "true");
  for (const part of d.split("|")) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", part);
    svg.append(path);
  }
  return svg;
}

export const ICONS = {
  pulse: "M3 12h4l2-6 4 12 2-6h6",
  chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2Z",
  send: "M3 20.5 21 12 3 3.5 3 10l12 2-12 2z",
  alert: "M12 3 2 21h20L12 3Z|M12 10v5|M12 18h.01",
  sale: "M3 7h18l-2 10H5L3 7Z|M8 7a4 4 0 0 1 8 0",
  megaphone: "M3 10v4h3l7 4V6L6 10H3Z|M17 9a4 4 0 0 1 0 6",
  close: "M6 6l12 12|M18 6 6 18",
  eye: "M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12Z|M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z",
  back: "M15 5l-7 7 7 7",
  bell: "M6 16V11a6 6 0 0 1 12 0v5l2 2H4l2-2Z|M10 20a2 2 0 0 0 4 0",
  sound: "M4 9v6h4l5 4V5L8 9H4Z|M16 9a4 4 0 0 1 0 6|M19 6a8 8 0 0 1 0 12",
};
