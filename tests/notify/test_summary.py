"""What a scheduled report's mail says (summary.py), from a report as the reports page
has it."""

from __future__ import annotations

from typing import Any

from sitetracker.notify.summary import Links, change, compose, figures, tables

LINKS = Links(report="http://localhost/sites/abc/reports?from=2026-03-09",
              settings="http://localhost/account/notifications")


def report(**figures_now: Any) -> dict[str, Any]:
    now = {"visitors": 120, "sessions": 150, "pageviews": 400, "bounce_rate": 0.25,
           "orders": 3, "revenue": {"EUR": 240.0}, "conversion_rate": 0.02, **figures_now}
    return {
        "from": "2026-03-09", "to": "2026-03-09", "figures": now,
        "previous": {"from": "2026-03-08", "to": "2026-03-08", "figures": {
            "visitors": 100, "sessions": 150, "pageviews": 500, "bounce_rate": 0.5,
            "orders": 0, "revenue": {}, "conversion_rate": 0.0}},
        "pages": {"top": [["/<b>sale</b>", 30], ["/", 20]]},
        "channels": [["referral", 5], ["direct", 40], ["paid", 0]],
        "sources": [["google", "cpc", "spring", 12], ["", "", "", 3]],
        "products": [{"product": "Mug", "views": 9, "carts": 4, "purchases": 2,
                      "revenue": 30.5}],
    }


def test_the_change_is_rounded_as_the_reports_page_shows_it():
    assert change(120, 100) == "+20%"
    assert change(400, 500) == "-20%"
    assert change(100, 100) == "+0%"
    assert change(5, 0) == "—" and change(5, None) == "—"


def test_the_figures_are_counted_and_compared_with_the_period_before():
    rows = figures(report())
    assert rows[0] == ("Visitors", "120", "+20%")
    assert ("Bounce rate", "25.0%", "-50%") in rows
    assert ("Orders", "3", "—") in rows
    assert ("Revenue (EUR)", "240.00 EUR", "—") in rows
    assert rows[-1] == ("Conversion rate", "2.0%", "—")


def test_no_revenue_is_shown_as_a_dash():
    assert ("Revenue", "—", "—") in figures(report(revenue={}))


def test_the_tables_rank_channels_and_name_direct_traffic():
    sections = {title: rows for title, _, rows in tables(report())}
    assert sections["Channels"] == [["Direct", "40"], ["Referral", "5"]]
    assert sections["Sources"] == [["google / cpc / spring", "12"], ["(direct)", "3"]]
    assert sections["Products"] == [["Mug", "9", "4", "2", "30.50"]]


def test_the_mail_names_the_site_and_period_and_escapes_visitors_texts_in_html():
    subject, text, html = compose("Shop A", "Europe/Paris", "Daily report", report(), LINKS)
    assert subject == "[Shop A] Daily report"
    assert "2026-03-09 (Europe/Paris), compared with 2026-03-08" in text
    assert "/<b>sale</b>" in text and LINKS.report in text and LINKS.settings in text
    assert "<b>sale</b>" not in html and "&lt;b&gt;sale&lt;/b&gt;" in html
