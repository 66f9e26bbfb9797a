"""Scheduled reports: weeks of history seeded through the real pipeline, the schedule run
across the hour with a manual clock, and the mail received by a real SMTP server; its
figures checked against what the seeded events say (computed here from them), once per
person, site and period however many senders run, and only to people who see the site.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sitetracker import create_app
from sitetracker.auth.models import Operator
from sitetracker.db import database
from sitetracker.models import Membership
from sitetracker.notify import schedule
from sitetracker.notify.models import ReportChoice

from .. import notifying
from ..agents import CHROME
from ..conftest import csrf_of
from ..notifying import deliveries, notify_of
from ..receivers import wait_for
from ..sessions import expected, seed
from ..shopping import PARIS_IP, stored

# The notification fixtures (tests/notifying.py), by their names.
app_clock, app_config, smtp = notifying.app_clock, notifying.app_config, notifying.smtp

PARIS = ZoneInfo("Europe/Paris")
CHANNEL_NAMES = {"direct": "Direct", "organic_search": "Organic search", "paid": "Paid",
                 "social": "Social", "email": "E-mail", "referral": "Referral"}


def paris(day: date, hour: int, minute: int = 0) -> float:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).timestamp()


def subscribe(user, site, frequency: str, hour: int = 8, since: float = 0.0) -> None:
    with database.connection_context():
        ReportChoice.create(user=user.id, site=site.id, frequency=frequency, hour=hour,
                            since=since)


def run_at(app, clock, when: float) -> int:
    """One pass of the app's sender at ``when``."""
    clock.set(when)
    return notify_of(app).sender.run_once()


# -- reading a received mail ------------------------------------------------------------


class Html(HTMLParser):
    """The tables (rows of cell texts) and links of an HTML part."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def read(mail) -> tuple[str, str, Html]:
    message = mail.message
    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == notifying.SENDER and message["Date"] and message["Message-ID"]
    text = message.get_body(("plain",)).get_content()
    body = message.get_body(("html",)).get_content()
    parsed = Html()
    parsed.feed(body)
    return text, body, parsed


def text_figures(text: str) -> list[tuple[str, ...]]:
    """The figures block of the text part: label, value, change."""
    lines = text.splitlines()[3:]
    block = lines[:lines.index("")]
    return [tuple(re.split(r"\s{2,}", line.strip())) for line in block]


def html_table(parsed: Html, title_row: list[str]) -> list[list[str]]:
    """The rows of the table whose heading row is ``title_row``."""
    [table] = [t for t in parsed.tables if t and t[0] == title_row]
    return table[1:]


# -- what the seeded events say ---------------------------------------------------------


def delta(now: float, before: float | None) -> str:
    if not before:
        return "—"
    percent = math.floor((now - before) / before * 100 + 0.5)
    return f"+{percent}%" if percent >= 0 else f"{percent}%"


def want_figures(now: dict[str, Any], before: dict[str, Any]) -> list[tuple[str, ...]]:
    rows = [("Visitors", f"{now['visitors']:,}", delta(now["visitors"], before["visitors"])),
            ("Sessions", f"{now['sessions']:,}", delta(now["sessions"], before["sessions"])),
            ("Page views", f"{now['pageviews']:,}",
             delta(now["pageviews"], before["pageviews"])),
            ("Bounce rate", f"{now['bounce_rate'] * 100:.1f}%",
             delta(now["bounce_rate"], before["bounce_rate"])),
            ("Orders", f"{now['orders']:,}", delta(now["orders"], before["orders"]))]
    for currency in sorted(now["revenue"]):
        rows.append((f"Revenue ({currency})", f"{now['revenue'][currency]:,.2f} {currency}",
                     delta(now["revenue"][currency], before["revenue"].get(currency))))
    if not now["revenue"]:
        rows.append(("Revenue", "—", "—"))
    rows.append(("Conversion rate", f"{now['conversion_rate'] * 100:.1f}%",
                 delta(now["conversion_rate"], before["conversion_rate"])))
    return rows


def top(counter: Counter[str], n: int = 5) -> list[list[str]]:
    rows = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:n]
    return [[key, f"{value:,}"] for key, value in rows]


@pytest.fixture
def history(app, client, world, clock, make_user):
    """Forty days of a small store to 10 March 2026 (a Tuesday), and its owner."""
    sessions = seed(app, client, world.site_a, clock)
    owner = make_user("owner@a.test", "owner", organization=world.org_a)
    return sessions, owner


def check_mail(mail, sessions, start: date, end: date, world) -> tuple[str, Html]:
    """The figures, top pages, channels and sources of ``mail`` are those of the seeded
    sessions from ``start`` to ``end``, against the period as long just before."""
    text, _, parsed = read(mail)
    days = (end - start).days + 1
    now = expected(sessions, start, end)
    before = expected(sessions, start - timedelta(days=days), start - timedelta(days=1))
    figures = want_figures(now, before)
    assert text_figures(text) == figures
    assert [tuple(row) for row in html_table(parsed, ["Figure", "Value", "Change"])] == figures
    assert html_table(parsed, ["Page", "Page views"]) == top(now["pages"])
    assert dict(map(tuple, html_table(parsed, ["Channel", "Sessions"]))) == {
        CHANNEL_NAMES[name]: f"{n:,}" for name, n in now["channels"].items()}
    sources = Counter({" / ".join(p for p in key.split("\t") if p) or "(direct)": n
                       for key, n in now["sources"].items()})
    assert html_table(parsed, ["Source / medium / campaign", "Sessions"]) == top(sources)
    link = (f"http://localhost/sites/{world.site_a.public_key}/reports"
            f"?from={start.isoformat()}&to={end.isoformat()}")
    assert link in parsed.links and "http://localhost/account/notifications" in parsed.links
    assert link in text and "http://localhost/account/notifications" in text
    for path, _ in top(now["pages"]):
        assert path in text
    return text, parsed


def test_a_daily_report_comes_at_eight_in_the_sites_time_with_yesterdays_figures(
        app, client, world, clock, smtp, history, login_as):
    sessions, owner = history
    subscribe(owner, world.site_a, "daily")
    today = date(2026, 3, 10)
    assert run_at(app, clock, paris(today, 7, 59)) == 0
    assert smtp.mails == []
    assert run_at(app, clock, paris(today, 8, 0)) == 1
    [mail] = smtp.mails
    assert mail.recipients == ["owner@a.test"]
    assert mail.message["Subject"] == "[Shop A] Daily report, 2026-03-09"
    text, _ = check_mail(mail, sessions, date(2026, 3, 9), date(2026, 3, 9), world)
    assert "2026-03-09 (Europe/Paris), compared with 2026-03-08" in text
    for hour in (9, 15, 23):  # the rest of the day: nothing more
        run_at(app, clock, paris(today, hour))
    assert len(smtp.mails) == 1
    # The link opens the reports page on that day.
    login_as("reader@a.test", "viewer", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}/reports?from=2026-03-09&to=2026-03-09")
    html = page.get_data(as_text=True)
    assert '<option value="custom" selected>' in html
    assert 'name="from" value="2026-03-09"' in html and 'name="to" value="2026-03-09"' in html


def test_a_weekly_report_comes_on_monday_with_last_week_against_the_week_before(
        app, world, clock, smtp, history):
    sessions, owner = history
    subscribe(owner, world.site_a, "weekly", hour=7)
    run_at(app, clock, paris(date(2026, 3, 8), 9))  # a Sunday
    run_at(app, clock, paris(date(2026, 3, 9), 6, 59))
    assert smtp.mails == []
    run_at(app, clock, paris(date(2026, 3, 9), 7))
    [mail] = smtp.mails
    assert mail.message["Subject"] == "[Shop A] Weekly report, 2026-03-02 to 2026-03-08"
    start, end = date(2026, 3, 2), date(2026, 3, 8)
    text, parsed = check_mail(mail, sessions, start, end, world)
    assert ("2026-03-02 to 2026-03-08 (Europe/Paris), compared with 2026-02-23 to "
            "2026-03-01") in text
    now = expected(sessions, start, end)
    bought = [value for s in sessions if start <= s.day <= end for _, value, _ in s.orders]
    products = {row[0]: row[1:] for row in html_table(
        parsed, ["Product", "Views", "Adds to cart", "Purchases", "Revenue"])}
    assert products["Linen shirt"] == ["0", f"{now['carts']['Linen shirt']:,}",
                                       f"{len(bought):,}", f"{sum(bought):,.2f}"]
    assert products["Wool socks"] == ["0", f"{now['carts']['Wool socks']:,}", "0", "0.00"]
    run_at(app, clock, paris(date(2026, 3, 10), 7))  # Tuesday: nothing
    assert len(smtp.mails) == 1


def visit(app, client, site, clock, when: float, visitor: str, *events) -> None:
    """One beacon of a visitor's session at ``when``, written to storage at once."""
    clock.set(when)
    body = {"k": site.public_key, "v": visitor, "s": f"s-{visitor}", "ev": list(events)}
    response = client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"},
        environ_base={"REMOTE_ADDR": PARIS_IP})
    assert response.status_code == 202, response.json
    app.extensions["sitetracker"].buffer.flush()


def a_few_visits(app, client, world, clock, day: date) -> None:
    for n in range(3):
        visit(app, client, world.site_a, clock, paris(day, 10 + n), f"visitor-{n}",
              {"n": "pageview", "u": f"https://shop-a.test/page-{n}", "r": ""})


def test_two_apps_sharing_the_database_send_each_report_once(
        app, app_config, client, world, clock, smtp, make_user):
    a_few_visits(app, client, world, clock, date(2026, 3, 9))
    owner = make_user("owner@a.test", "owner", organization=world.org_a)
    subscribe(owner, world.site_a, "daily")
    other = create_app(app_config, clock=clock)
    senders = [notify_of(app).new_sender("worker-a"), notify_of(other).new_sender("worker-b")]
    clock.set(paris(date(2026, 3, 10), 8, 0))
    threads = []
    for sender in senders:
        sender.idle = 0.01
        threads.append(threading.Thread(target=sender.run, daemon=True))
    for thread in threads:
        thread.start()
    try:
        wait_for(lambda: [r.status for r in deliveries()] == ["sent"], "the report sent")
        for minute in range(1, 30):  # both loops go on through the hour: nothing again
            clock.set(paris(date(2026, 3, 10), 8, minute))
            for sender in senders:
                assert sender.run_once() == 0
    finally:
        for sender in senders:
            sender.stop()
        for thread in threads:
            thread.join(timeout=30)
    restarted = notify_of(create_app(app_config, clock=clock)).new_sender("worker-c")
    assert restarted.run_once() == 0  # a restart finds it sent
    [mail] = smtp.mails
    assert mail.message["Subject"] == "[Shop A] Daily report, 2026-03-09"
    assert ("Sessions", "3", "—") in text_figures(read(mail)[0])


def test_a_report_missed_at_its_hour_goes_out_when_a_sender_runs_again_that_day(
        app, client, world, clock, smtp, make_user):
    a_few_visits(app, client, world, clock, date(2026, 3, 9))
    owner = make_user("owner@a.test", "owner", organization=world.org_a)
    subscribe(owner, world.site_a, "daily")
    run_at(app, clock, paris(date(2026, 3, 10), 7, 30))  # then down from 7:45 to 13:10
    assert smtp.mails == []
    run_at(app, clock, paris(date(2026, 3, 10), 13, 10))
    [mail] = smtp.mails
    assert mail.message["Subject"] == "[Shop A] Daily report, 2026-03-09"


def test_a_report_turned_on_after_its_hour_starts_the_next_day(
        app, client, world, clock, smtp, make_user):
    owner = make_user("owner@a.test", "owner", organization=world.org_a)
    subscribe(owner, world.site_a, "daily", since=paris(date(2026, 3, 10), 9))
    run_at(app, clock, paris(date(2026, 3, 10), 9, 1))
    assert smtp.mails == []
    run_at(app, clock, paris(date(2026, 3, 11), 8))
    assert [m.message["Subject"] for m in smtp.mails] == ["[Shop A] Daily report, 2026-03-10"]


def test_nobody_without_access_to_the_site_gets_its_report(
        app, client, world, clock, smtp, make_user):
    a_few_visits(app, client, world, clock, date(2026, 3, 9))
    outsider = make_user("owner@b.test", "owner", organization=world.org_b)
    former = make_user("former@a.test", "viewer", organization=world.org_a)
    operator = make_user("ops@b.test", "viewer", organization=world.org_b)
    with database.connection_context():
        Operator.create(user=operator.id)  # sees the site, but no shopper data
    for user in (outsider, former, operator):
        subscribe(user, world.site_a, "daily")
    with database.connection_context():
        Membership.delete().where(Membership.user == former.id).execute()
    run_at(app, clock, paris(date(2026, 3, 10), 8))
    assert smtp.mails == [] and deliveries() == []


def test_a_report_queued_before_its_reader_lost_access_is_not_sent(
        app, client, world, clock, smtp, make_user):
    reader = make_user("reader@a.test", "viewer", organization=world.org_a)
    subscribe(reader, world.site_a, "daily")
    assert schedule.queue_due(paris(date(2026, 3, 10), 8)) == 1  # another worker queued it
    with database.connection_context():
        Membership.delete().where(Membership.user == reader.id).execute()
    run_at(app, clock, paris(date(2026, 3, 10), 8, 1))
    assert smtp.mails == []
    [row] = deliveries()
    assert row.status == "failed"
    [logged] = notifying_log(world)
    assert logged["title"] == "Daily report, 2026-03-09"
    assert logged["attempts"][0]["error"] == "no longer sees the site"


def notifying_log(world) -> list[dict[str, Any]]:
    from sitetracker.notify import queue

    return queue.log(world.site_a.id)


def settings_form(world, report: str, hour: str = "8") -> dict[str, str]:
    return {"timezone": "Europe/Paris", "quiet_start": "00:00", "quiet_end": "00:00",
            f"report-{world.site_a.id}": report, f"report_hour-{world.site_a.id}": hour}


def test_a_person_turns_the_report_on_and_off_on_their_notifications_page(
        app, client, world, clock, smtp, login_as):
    login_as("owner@a.test", "owner", organization=world.org_a)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert f'name="report-{world.site_a.id}"' in page and "Sent at (Europe/Paris)" in page
    refused = client.post("/account/notifications", data=settings_form(world, "daily"))
    assert refused.status_code == 400 and stored(ReportChoice) == []  # no CSRF token
    wrong = client.post("/account/notifications", data={
        "csrf_token": csrf_of(client), **settings_form(world, "daily", "24")})
    assert wrong.status_code == 400 and "an hour from 0 to 23" in wrong.get_data(as_text=True)
    saved = client.post("/account/notifications", data={
        "csrf_token": csrf_of(client), **settings_form(world, "daily", "9")})
    assert saved.status_code == 302
    [choice] = stored(ReportChoice)
    assert (choice.frequency, choice.hour) == ("daily", 9)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert '<option value="daily" selected>' in page and '<option value="9" selected>' in page
    run_at(app, clock, paris(date(2026, 3, 11), 9))
    assert [m.message["Subject"] for m in smtp.mails] == ["[Shop A] Daily report, 2026-03-10"]
    off = client.post("/account/notifications", data={
        "csrf_token": csrf_of(client), **settings_form(world, "off")})
    assert off.status_code == 302 and stored(ReportChoice) == []
    run_at(app, clock, paris(date(2026, 3, 12), 9))
    run_at(app, clock, paris(date(2026, 3, 16), 9))
    assert len(smtp.mails) == 1


def test_what_visitors_sent_is_escaped_in_the_html_part(
        app, client, world, clock, smtp, make_user):
    path = "/<script>alert('path')</script>"
    product = "<img src=x onerror=alert('product')>"
    visit(app, client, world.site_a, clock, paris(date(2026, 3, 9), 10), "visitor-x",
          {"n": "pageview", "u": "https://shop-a.test" + path, "r": ""},
          {"n": "add_to_cart", "p": {"product": product, "quantity": 1, "value": 20.0}})
    owner = make_user("owner@a.test", "owner", organization=world.org_a)
    subscribe(owner, world.site_a, "daily")
    run_at(app, clock, paris(date(2026, 3, 10), 8))
    [mail] = smtp.mails
    text, body, parsed = read(mail)
    [[shown_path, _]] = html_table(parsed, ["Page", "Page views"])
    [[shown_product, *_]] = html_table(
        parsed, ["Product", "Views", "Adds to cart", "Purchases", "Revenue"])
    assert "<script" in shown_path and shown_product == product  # read back as text
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x" in body
    assert shown_path in text and product in text  # the plain text part as it is
