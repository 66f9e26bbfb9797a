// The reports page's CSV downloads: every table's button, the funnel cards' too. Cells
// are quoted as RFC 4180 says; numbers go as they are, not formatted.

import { h } from "./dom.js";

function csvCell(value) {
  const text = String(value === null || value === undefined ? "" : value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Downloads `rows` under a `columns` header as `<name>.csv`. */
export function download(name, columns, rows) {
  const text = [columns, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: `${name}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}
