// Numbers and times as the board shows them.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compactNumber = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });

export const int = (n) => integer.format(Math.round(n || 0));
export const compact = (n) => (Math.abs(n) < 10000 ? int(n) : compactNumber.format(n));

/** 45 s, 12 m 05 s, 3 h 12 m, 41 h */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const hours = Math.floor(m / 60);
  return hours < 100 ? `${hours}h ${String(m % 60).padStart(2, "0")}m` : `${int(hours)}h`;
}

/** 14:05 in the browser's time zone. */
export function clock(ts) {
  return new Date(ts * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function clockSeconds(ts) {
  return new Date(ts * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
}

/** "Mar 3, 14:05" */
export function dayAndTime(ts) {
  return new Date(ts * 1000).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

/** 59 EUR as "€59"; with no currency known, the number alone (never a guessed one). */
export function money(value, currency) {
  if (!currency) return int(value);
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency, maximumFractionDigits: 0 }).format(value);
  } catch {
    return `${int(value)} ${currency}`;
  }
}

const regionNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

/** A country's name from its ISO code (the snapshot's name first). */
export function countryName(code, given) {
  if (given) return given;
  try {
    return (regionNames && code && regionNames.of(code)) || code || "Unknown";
  } catch {
    return code || "Unknown";
  }
}

/** The two-letter code shown beside a place ("FR"), or "··" when unknown. */
export function flag(code) {
  return /^[A-Z]{2}$/.test(code || "") ? code : "··";
}

export const DEVICE_NAMES = { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet" };

/** 0.583 as "58%"; null (nothing to divide) as "—". */
export function percent(rate) {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)}%`;
}
