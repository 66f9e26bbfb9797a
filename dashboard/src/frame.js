// One tile's frame on the grid: header (title, threshold badge, settings, remove), the
// body its module draws in, and the small settings panel for thresholds.

import { h } from "./dom.js";
import { int } from "./format.js";

function numberField(name, label, value) {
  const input = h("input", { type: "number", name, min: "0", max: "1000000000", step: "any", inputmode: "decimal", value: value ?? "" });
  return { input, el: h("label", { className: "threshold-field" }, h("span", { text: label }), input) };
}

/** Build the frame of `tile` ({id, type, x, y, w, h, thresholds, options}) for `def`.
 *  `on`: {remove(), settings({thresholds, options})}. The settings panel holds the
 *  thresholds (tiles with a `metric`) and the tile's own `options` (def.options:
 *  [{name, label, pattern, placeholder}], kept as text). */
export function tileFrame(tile, def, on) {
  const badge = h("span", { className: "tile-badge", hidden: true });
  const settingsButton = def.metric || def.options
    ? h("button", { type: "button", className: "tile-btn", title: def.options ? "Settings" : "Thresholds", "aria-label": `Settings of ${def.title}`, text: "⚙" })
    : null;
  const removeButton = h("button", { type: "button", className: "tile-btn", title: "Remove tile", "aria-label": `Remove ${def.title}`, text: "✕" });
  const head = h("header", { className: "tile-head" },
    h("h2", { className: "tile-title", text: def.title }), badge,
    h("div", { className: "tile-actions" }, settingsButton, removeButton));
  const body = h("div", { className: "tile-body" });
  const content = h("section", { className: `grid-stack-item-content tile tile-${def.type}`, "aria-label": def.title, dataset: { tile: def.type } }, head, body);
  const item = h("div", { className: "grid-stack-item", dataset: { tileId: tile.id } }, content);

  let panel = null;
  const showBadge = (thresholds) => {
    const parts = [];
    if (thresholds.above !== null && thresholds.above !== undefined) parts.push(`> ${int(thresholds.above)}`);
    if (thresholds.below !== null && thresholds.below !== undefined) parts.push(`< ${int(thresholds.below)}`);
    badge.hidden = parts.length === 0;
    badge.textContent = parts.join(" · ");
    badge.title = parts.length ? `Lights up when ${def.metricLabel} ${parts.join(" or ")}` : "";
  };
  showBadge(tile.thresholds || {});

  if (settingsButton) {
    settingsButton.addEventListener("click", () => {
      if (panel) {
        panel.remove();
        panel = null;
        return;
      }
      const current = tile.thresholds || {};
      const above = def.metric && numberField("above", "above", current.above);
      const below = def.metric && numberField("below", "below", current.below);
      const options = (def.options || []).map((option) => {
        const input = h("input", { type: "text", name: option.name, required: true, pattern: option.pattern,
          placeholder: option.placeholder, spellcheck: false, value: (tile.options || {})[option.name] || "" });
        return { option, input, el: h("label", { className: "threshold-field" }, h("span", { text: option.label }), input) };
      });
      const close = () => {
        panel.remove();
        panel = null;
      };
      panel = h("form", { className: "tile-settings", on: {
        submit(event) {
          event.preventDefault();
          const read = (input) => (input.value === "" ? null : Math.max(0, Math.min(1e9, Number(input.value))));
          const values = { thresholds: def.metric ? { above: read(above.input), below: read(below.input) } : current };
          if (options.length) values.options = Object.fromEntries(options.map(({ option, input }) => [option.name, input.value.trim()]));
          showBadge(values.thresholds);
          on.settings(values);
          close();
        },
      } },
      options.map(({ el }) => h("div", { className: "threshold-row option-row" }, el)),
      def.metric && h("p", { className: "tile-settings-title", text: `Light up when ${def.metricLabel} go…` }),
      def.metric && h("div", { className: "threshold-row" }, above.el, below.el),
      h("div", { className: "threshold-actions" },
        h("button", { type: "submit", className: "button small primary", text: "Save" }),
        h("button", { type: "button", className: "button small ghost", text: "Cancel", on: { click: close } })));
      content.append(panel);
      (options.length ? options[0].input : above.input).focus();
    });
  }
  removeButton.addEventListener("click", () => on.remove());
  // A drag starts on the header: its buttons must stay clickable.
  for (const button of [settingsButton, removeButton]) {
    if (button) button.addEventListener("mousedown", (event) => event.stopPropagation());
  }
  return { item, content, body, badge };
}
