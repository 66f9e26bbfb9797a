// The board's grid (gridstack, no jQuery): tiles dragged by their header, resized from
// their corner, on 12 columns; one column on phones, where the grid is read-only. The
// layout is saved (debounced) with PUT /api/sites/<key>/board and the page's CSRF token.
//
// The grid starts on 12 columns whatever the width, and follows the width only once the
// saved tiles are placed (followWidth): placed straight onto one column, each tile would
// push the ones before it down, and a phone would show the layout upside down.

import { GridStack } from "gridstack";

export const COLUMNS = 12;
const PHONE = 700; // px: below this, one column
const SAVE_AFTER = 400; // ms after the last change

export function createGrid(el, { onChange }) {
  const grid = GridStack.init({
    column: COLUMNS,
    cellHeight: 76,
    margin: 6,
    handle: ".tile-head",
    float: false,
    animate: true,
    resizable: { handles: "se" },
  }, el);
  grid.on("change", () => onChange());
  grid.on("removed", () => onChange());
  return grid;
}

/** One column below the phone width, the layout's tiles in its order (top-left to
 *  bottom-right); called once the saved tiles are on the grid. */
export function followWidth(grid) {
  grid.updateOptions({ columnOpts: { breakpoints: [{ w: PHONE, c: 1 }], layout: "list" } });
}

/** The tiles' places, top to bottom, as the layout schema wants them. */
export function placesOf(grid) {
  return grid.getGridItems()
    .map((el) => el.gridstackNode)
    .filter(Boolean)
    .map((node) => ({ id: node.id, x: node.x, y: node.y, w: node.w, h: node.h }))
    .sort((a, b) => a.y - b.y || a.x - b.x);
}

/** save(layout) after the changes stop coming; the board's element says how it went
 *  (data-save-state: saving, saved, error). */
export function layoutSaver(url, csrfToken, root) {
  let timer = 0;
  let pending = null;
  const send = async () => {
    const body = pending;
    pending = null;
    root.dataset.saveState = "saving";
    try {
      const response = await fetch(url, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      root.dataset.saveState = pending ? "saving" : "saved";
    } catch (error) {
      root.dataset.saveState = "error";
      console.warn("the layout was not saved:", error.message);
    }
  };
  return (layout) => {
    pending = layout;
    root.dataset.saveState = "pending";
    clearTimeout(timer);
    timer = setTimeout(send, SAVE_AFTER);
  };
}
