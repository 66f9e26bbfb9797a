// What the tiles draw from: the latest snapshot, the history fetched at start, and
// what the board learned since (engaged shoppers per minute, marked moments).

const DAY = 86400;

export class BoardModel {
  constructor() {
    this.snap = null;
    this.history = null;
    this.engagedByMinute = new Map(); // minute -> engaged shoppers (engaged s / 60)
    this.concurrentsByMinute = new Map(); // minute -> most shoppers live at once
    this.marks = []; // {at, label, kind}: thresholds crossed, alerts, broadcasts
    this.lastEngaged = null; // {value, minute} of the previous snapshot
    this.seenCurrency = null; // the last currency an alert or a sale carried
  }

  /** The store's currency as far as the board knows: today's main one, else the last
   *  one seen (carts carry none of their own); null before any sale. */
  currency() {
    const today = this.snap && this.snap.commerce && this.snap.commerce.sales_today;
    return (today && today.currency) || this.seenCurrency;
  }

  /** A currency the server named (an alert's, a sale's). */
  sawCurrency(code) {
    if (typeof code === "string" && /^[A-Z]{3}$/.test(code)) this.seenCurrency = code;
  }

  /** The graphs' history (GET /api/sites/<key>/history). */
  setHistory(history) {
    this.history = history;
    for (const [minute, concurrents, engaged] of history.minutes) {
      this.concurrentsByMinute.set(minute, concurrents);
      this.engagedByMinute.set(minute, engaged);
    }
  }

  /** A new snapshot (whole, or with a delta merged). */
  setSnapshot(snap) {
    const now = snap.at;
    const minute = Math.floor(now / 60) * 60;
    for (const [m, n] of snap.concurrents_today || []) this.concurrentsByMinute.set(m, n);
    // Engaged seconds this minute: how much today's total grew since the last snapshot.
    const total = snap.engaged_today || 0;
    if (this.lastEngaged && total >= this.lastEngaged.value) {
      const grew = (total - this.lastEngaged.value) / 60;
      if (grew > 0) this.engagedByMinute.set(minute, (this.engagedByMinute.get(minute) || 0) + grew);
    }
    this.lastEngaged = { value: total, minute };
    this.snap = snap;
    const today = snap.commerce && snap.commerce.sales_today;
    if (today) this.sawCurrency(today.currency);
    this.forgetBefore(now - 2 * DAY);
  }

  forgetBefore(ts) {
    for (const map of [this.engagedByMinute, this.concurrentsByMinute]) {
      for (const minute of map.keys()) if (minute < ts) map.delete(minute);
    }
    this.marks = this.marks.filter((mark) => mark.at >= ts);
  }

  mark(at, label, kind) {
    this.marks.push({ at, label, kind });
    if (this.marks.length > 50) this.marks.shift();
  }

  /** [[minute, n], ...] of shoppers live at once from `since` on. */
  concurrentsSince(since) {
    return [...this.concurrentsByMinute].filter(([m]) => m >= since).sort((a, b) => a[0] - b[0]);
  }

  engagedSince(since) {
    return [...this.engagedByMinute].filter(([m]) => m >= since).sort((a, b) => a[0] - b[0]);
  }

  /** The site's midnight today, from the history's answer (server time zone rules). */
  midnight() {
    const h = this.history;
    if (!h) return Math.floor((this.snap ? this.snap.at : Date.now() / 1000) / DAY) * DAY;
    const days = Math.floor(((this.snap ? this.snap.at : h.now) - h.midnight) / DAY);
    return h.midnight + days * DAY;
  }

  /** Shoppers live at this time of day last week (max over 3 minutes), or null. */
  lastWeekNow() {
    const week = this.history && this.history.last_week;
    if (!week || week.now === null || !this.snap) return null;
    const minuteOfDay = Math.floor((this.snap.at - this.midnight()) / 60);
    let best = null;
    for (const [m, n] of week.concurrents) {
      if (m > minuteOfDay - 3 && m <= minuteOfDay) best = Math.max(best || 0, n);
    }
    return best === null ? 0 : best;
  }
}
