// A ranked list of labelled bars, updated in place: rows are kept per key and only
// moved, re-labelled or re-sized when their numbers change.

import { h, setText } from "../dom.js";
import { int } from "../format.js";

export class BarList {
  constructor(parent, { empty = "Nobody yet", limit = 10, label = (key) => key, className = "" } = {}) {
    this.el = h("ol", { className: `bars ${className}` });
    this.empty = h("p", { className: "tile-empty", text: empty });
    this.rows = new Map();
    this.limit = limit;
    this.label = label;
    parent.append(this.el, this.empty);
  }

  /** `items`: [[key, count], ...] largest first. */
  update(items) {
    const shown = items.slice(0, this.limit);
    const max = Math.max(1, ...shown.map(([, n]) => n));
    const keep = new Set();
    shown.forEach(([key, count], index) => {
      keep.add(key);
      let row = this.rows.get(key);
      if (!row) {
        const fill = h("span", { className: "bar-fill" });
        const name = h("span", { className: "bar-label" });
        const value = h("span", { className: "bar-value" });
        row = { el: h("li", { className: "bar" }, fill, name, value), fill, name, value };
        setText(name, this.label(key));
        name.title = this.label(key);
        this.rows.set(key, row);
      }
      setText(row.value, int(count));
      row.fill.style.width = `${Math.max(2, (count / max) * 100).toFixed(1)}%`;
      if (this.el.children[index] !== row.el) this.el.insertBefore(row.el, this.el.children[index] || null);
    });
    for (const [key, row] of this.rows) {
      if (!keep.has(key)) {
        row.el.remove();
        this.rows.delete(key);
      }
    }
    this.empty.hidden = shown.length > 0;
  }
}
