// How the overlay words things: times, money, places, devices, how an emergency ended.
// (A shopper's name is the server's: every payload about a shopper carries `name`.)

export const time = (at) => new Date(at * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** "just now", "4 min ago", or the time of day. */
export function ago(at) {
  const seconds = Date.now() / 1000 - at;
  if (seconds < 45) return "just now";
  if (seconds < 3600) return Math.round(seconds / 60) + " min ago";
  return time(at);
}

let knownCurrency = null;

/** Remembers the currency an alert carried (sales do): the store's, for the amounts that
 *  carry none of their own (carts). */
export function sawCurrency(code) {
  if (typeof code == "string" && /^[A-Z]{3}$/.test(code)) knownCurrency = code;
}

/** The currency of an alert's amounts: its own, else the store's as far as known. */
export const currencyOf = (alert) => alert.currency || knownCurrency;

export function money(value, currency) {
  if (value == null) return "";
  try {
    if (currency) return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(value);
  } catch (e) {}
  return Number(value).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + (currency ? " " + currency : "");
}

export const DEVICES = { desktop: "Desktop", mobile: "Mobile", tablet: "Tablet" };

/** "Paris, France" from an alert's location or a presence. */
export function place(where) {
  if (!where) return "";
  const country = where.country_name || where.country || "";
  return [where.city, country].filter(Boolean).join(", ");
}

/** "Mobile · iOS · Safari" */
export const device = (d) => [DEVICES[d.device] || d.device, d.os, d.browser].filter((x) => x && x != "Other").join(" · ");

const HELPS = { chat: "a chat", broadcast: "a broadcast", watch: "watching their page" };
const ENDS = { rescued: "Rescued", recovered: "Recovered on their own", lost: "Lost: left without buying" };

/** How an emergency ended ("Rescued · €89.00"), or who helped while it is open ("Helped
 *  by a chat"), or "" (the alert's `outcome`, `sale` and `helped_by`, as the server
 *  decided them). */
export function outcomeLabel(a) {
  if (!a.outcome) return a.helped_by ? "Helped by " + (HELPS[a.helped_by] || a.helped_by) : "";
  return (ENDS[a.outcome] || a.outcome) + (a.sale ? " · " + money(a.sale.value, a.sale.currency) : "");
}

export const isEmergency = (a) => a.severity == "emergency" || a.kind == "checkout_trouble";

/** The payload of a JWT, unverified (only to adapt the interface: the server decides). */
export function claimsOf(token) {
  try {
    const body = atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(body, (c) => c.charCodeAt(0))));
  } catch (e) {
    return {};
  }
}
