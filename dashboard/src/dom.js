// Building the board's DOM without ever parsing HTML: everything shoppers sent (URLs,
// referrers, cities, event names) goes in as text. `h` is the front ends' one
// (shared/src/dom.js): h("div", {className: "x", dataset: {id: 1}, on: {click: fn}},
// "text", childNode).

export { h } from "../../shared/src/dom.js";

/** Set an element's text only when it changed (no layout work otherwise). */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

const SVG = "http://www.w3.org/2000/svg";

/** A small SVG sparkline of `values` in a `width` x `height` box (attributes only, no
 *  inline style, so the page's Content-Security-Policy holds). */
export function sparkline(values, width = 120, height = 32) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "spark");
  const area = document.createElementNS(SVG, "path");
  area.setAttribute("class", "spark-area");
  const line = document.createElementNS(SVG, "path");
  line.setAttribute("class", "spark-line");
  svg.append(area, line);
  svg.draw = (points) => {
    if (!points.length) {
      line.setAttribute("d", "");
      area.setAttribute("d", "");
      return;
    }
    const max = Math.max(1, ...points);
    const step = points.length > 1 ? width / (points.length - 1) : width;
    const y = (v) => (height - 2 - (v / max) * (height - 4)).toFixed(1);
    const coords = points.map((v, i) => `${(i * step).toFixed(1)},${y(v)}`);
    if (points.length === 1) coords.push(`${width},${y(points[0])}`);
    line.setAttribute("d", "M" + coords.join("L"));
    area.setAttribute("d", `M0,${height}L${coords.join("L")}L${width},${height}Z`);
  };
  svg.draw(values);
  return svg;
}
