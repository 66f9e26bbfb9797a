"""What a scheduled report's mail says, from the report the reports page shows
(:func:`sitetracker.reports.report.report`): the headline figures with their change
against the period before, the top pages, channels, sources and products, a link to
the reports page for the period and one to the settings. Plain text and HTML; every
text that came from visitors (paths, sources, product names) is escaped in the HTML.
No storage here."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TOP = 5
CHANNEL_NAMES = {"direct": "Direct", "organic_search": "Organic search", "paid": "Paid",
                 "social": "Social", "email": "E-mail", "referral": "Referral"}


@dataclass(frozen=True)
class Links:
    report: str  # the reports page showing the period
    settings: str  # where the person changes or stops the report


def _count(value: Any) -> str:
    return f"{int(value):,}"


def _rate(value: Any) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def _money(value: Any, currency: str) -> str:
    return f"{float(value):,.2f} {currency}"


def change(now: Any, before: Any) -> str:
    """The change against the period before as the reports page shows it: ``+12%``,
    ``-5%``, ``+0%``; ``—`` when there is nothing to compare with."""
    if not isinstance(now, int | float) or not isinstance(before, int | float) or not before:
        return "—"
    percent = math.floor((now - before) / before * 100 + 0.5)  # rounded as the page does
    return f"{'+' if percent >= 0 else ''}{percent}%"


def figures(found: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``[("Visitors", "120", "+12%"), ..., ("Revenue (EUR)", "240.00 EUR", "—")]``."""
    now = found["figures"]
    before = (found.get("previous") or {}).get("figures") or {}
    rows = [(label, show(now[key]), change(now[key], before.get(key)))
            for key, label, show in (("visitors", "Visitors", _count),
                                     ("sessions", "Sessions", _count),
                                     ("pageviews", "Page views", _count),
                                     ("bounce_rate", "Bounce rate", _rate),
                                     ("orders", "Orders", _count))]
    revenue, earlier = now["revenue"], before.get("revenue") or {}
    for currency in sorted(revenue):
        rows.append((f"Revenue ({currency})", _money(revenue[currency], currency),
                     change(revenue[currency], earlier.get(currency))))
    if not revenue:
        rows.append(("Revenue", "—", "—"))
    rows.append(("Conversion rate", _rate(now["conversion_rate"]),
                 change(now["conversion_rate"], before.get("conversion_rate"))))
    return rows


def tables(found: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The top rows of each section: ``(title, columns, rows)``, every cell a text."""
    pages = [[str(path), _count(views)] for path, views in found["pages"]["top"][:TOP]]
    channels = [[CHANNEL_NAMES.get(name, name), _count(sessions)]
                for name, sessions in sorted(found["channels"], key=lambda c: -c[1])
                if sessions]  # six at most
    sources = [[" / ".join(part for part in (source, medium, campaign) if part)
                or "(direct)", _count(sessions)]
               for source, medium, campaign, sessions in found["sources"][:TOP]]
    products = [[str(p["product"]), _count(p["views"]), _count(p["carts"]),
                 _count(p["purchases"]), f"{float(p['revenue']):,.2f}"]
                for p in found["products"][:TOP]]
    return [("Top pages", ["Page", "Page views"], pages),
            ("Channels", ["Channel", "Sessions"], channels),
            ("Sources", ["Source / medium / campaign", "Sessions"], sources),
            ("Products", ["Product", "Views", "Adds to cart", "Purchases", "Revenue"],
             products)]


def _plain(text: str) -> str:
    """One line of the text part: no control characters from visitors' texts."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def compose(site: str, timezone: str, title: str, found: dict[str, Any], links: Links
            ) -> tuple[str, str, str]:
    """Subject, text and HTML of one report's mail."""
    subject = f"[{site}] {title}"
    span = (found["from"] if found["from"] == found["to"]
            else f"{found['from']} to {found['to']}")
    previous = found.get("previous")
    before = "" if not previous else (
        previous["from"] if previous["from"] == previous["to"]
        else f"{previous['from']} to {previous['to']}")
    heading = f"{site}: {title}"
    intro = f"{span} ({timezone})" + (f", compared with {before}" if before else "")
    rows, sections = figures(found), tables(found)
    return subject, _text(heading, intro, rows, sections, links), _html(
        heading, intro, rows, sections, links)


def _text(heading: str, intro: str, rows: list[tuple[str, str, str]],
          sections: Sequence[tuple[str, list[str], list[list[str]]]], links: Links) -> str:
    lines = [_plain(heading), _plain(intro), ""]
    lines += [f"  {label:<18} {value:>16}  {delta}" for label, value, delta in rows]
    for title, columns, cells in sections:
        lines += ["", f"{title} ({', '.join(columns[1:]).lower()})"]
        lines += [f"  {_plain(row[0])}  " + "  ".join(row[1:]) for row in cells] or [
            "  nothing in this period"]
    lines += ["", f"The whole report: {links.report}",
              f"Change or stop these reports: {links.settings}", ""]
    return "\n".join(lines)


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th align=\"{'left' if i == 0 else 'right'}\">{html.escape(c)}</th>"
                   for i, c in enumerate(columns))
    body = "".join("<tr>" + "".join(
        f"<td align=\"{'left' if i == 0 else 'right'}\">{html.escape(cell)}</td>"
        for i, cell in enumerate(row)) + "</tr>" for row in rows)
    return (f"<table cellpadding=\"4\" style=\"font:14px sans-serif;border-collapse:collapse\">"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _html(heading: str, intro: str, rows: list[tuple[str, str, str]],
          sections: Sequence[tuple[str, list[str], list[list[str]]]], links: Links) -> str:
    parts = [f"<h1 style=\"font:600 18px sans-serif\">{html.escape(heading)}</h1>",
             f"<p style=\"font:14px sans-serif;color:#475569\">{html.escape(intro)}</p>",
             _table(["Figure", "Value", "Change"], [list(row) for row in rows])]
    for title, columns, cells in sections:
        parts.append(f"<h2 style=\"font:600 15px sans-serif\">{html.escape(title)}</h2>")
        parts.append(_table(columns, cells) if cells else
                     "<p style=\"font:14px sans-serif\">Nothing in this period.</p>")
    parts.append(f"<p style=\"font:14px sans-serif\"><a href=\"{html.escape(links.report)}\">"
                 "Open the whole report in SiteTracker</a></p>")
    parts.append(f"<p style=\"font:12px sans-serif;color:#64748b\">You get this report "
                 f"because you asked for it. <a href=\"{html.escape(links.settings)}\">"
                 "Change or stop these reports</a>.</p>")
    return "<!doctype html><html><body>" + "".join(parts) + "</body></html>"
