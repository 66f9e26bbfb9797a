"""The background sender: queues the scheduled reports that fell due
(:mod:`.schedule`), claims due deliveries, sends each through its channel and records
the attempt. Several workers each run one; the queue's claims keep them from sending a
delivery twice (:mod:`.queue`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..clock import Clock, minute_of
from ..db import database
from ..models import Site, User
from ..reports.report import report
from . import queue, schedule, summary
from .channels import Outcome, mail, slack, teams, webhook
from .content import Notice, notice_of, test_notice
from .models import Delivery

log = logging.getLogger(__name__)
IDLE = 2.0  # seconds between looks at the queue when nothing was due


@dataclass
class Sender:
    """One worker's sender (``worker`` names its claims)."""

    worker: str
    clock: Clock
    smtp: mail.SmtpSettings
    timing: queue.Timing
    base_url: str
    sleep: Callable[[float], Any] | None = None
    idle: float = IDLE
    stopped: bool = False
    scheduled_minute: int | None = None  # the clock's minute reports were last queued

    def run(self) -> None:
        """Send until stopped, resting ``idle`` seconds whenever nothing was due."""
        assert self.sleep is not None
        while not self.stopped:
            try:
                sent = self.run_once()
            except Exception:
                log.exception("the notification sender failed; trying again")
                sent = 0
            if not self.stopped:
                self.sleep(0 if sent else self.idle)

    def stop(self) -> None:
        """Stop :meth:`run` after its current pass (or rest)."""
        self.stopped = True

    def run_once(self) -> int:
        """Queue the reports due (once a minute of the clock), claim what is due now
        and send it; how many deliveries were tried."""
        now = self.clock.now()
        self._schedule(now)
        rows = queue.claim(self.worker, now)
        mails: dict[int, list[Delivery]] = {}
        for row in rows:
            if row.channel == "mail":
                mails.setdefault(int(row.user_id or 0), []).append(row)
            elif row.channel == "report":
                self._finish([row], self._attempt(self._report, row, now), now)
            else:
                self._finish([row], self._attempt(self._to_endpoint, row, now), now)
        for group in mails.values():
            self._finish(group, self._attempt(self._mail, group, now), now)
        return len(rows)

    def _schedule(self, now: float) -> None:
        """Queue the scheduled reports due, at most once a minute: reports fall due on
        the hour, and queueing one twice stores it once. Without a mail server they wait
        (the same day) for one."""
        if minute_of(now) == self.scheduled_minute or not self.smtp.configured:
            return
        try:
            schedule.queue_due(now)
        except Exception:  # what is queued already still goes out
            log.exception("could not queue the scheduled reports; trying again")
            return
        self.scheduled_minute = minute_of(now)

    def _attempt(self, send: Callable[[Any, float], Outcome], what: Any, now: float
                 ) -> Outcome:
        """One send; a failure of ours counts as an attempt too, so a delivery that
        cannot be built is given up in the end instead of being claimed forever."""
        try:
            return send(what, now)
        except Exception as exc:
            log.exception("could not send a notification")
            return Outcome(False, None, f"could not send: {exc}"[:300], retry=True)

    def _finish(self, rows: list[Delivery], outcome: Outcome, now: float) -> None:
        queue.record(rows, outcome, now, self.timing.max_attempts)
        if not outcome.ok:
            log.warning("notification %s: %s", ",".join(str(r.id) for r in rows),
                        outcome.error)

    def _notice(self, row: Delivery, now: float) -> Notice:
        with database.connection_context():
            site = Site.get_by_id(row.site_id)
            link = f"{self.base_url}/sites/{site.public_key}/alerts"
            if row.alert_id is None:
                return test_notice(site.name, link, int(now))
            return notice_of(row.alert, site.name, link)

    def _to_endpoint(self, row: Delivery, now: float) -> Outcome:
        notice = self._notice(row, now)
        with database.connection_context():
            endpoint = row.endpoint
        if endpoint is None:  # removed since: nothing to send to
            return Outcome(False, None, "the endpoint was removed")
        if row.channel == "slack":
            return slack.send(endpoint.url, notice)
        if row.channel == "teams":
            return teams.send(endpoint.url, notice)
        return webhook.send(endpoint.url, endpoint.secret, notice, row.id, now)

    def _mail(self, rows: list[Delivery], now: float) -> Outcome:
        if not self.smtp.configured:
            return Outcome(False, None, "no mail server configured (SITETRACKER_SMTP_HOST "
                                        "and SITETRACKER_SMTP_FROM)")
        with database.connection_context():
            user = User.get_by_id(rows[0].user_id)
        notices = sorted((self._notice(r, now) for r in rows),
                         key=lambda n: (n.severity != "emergency", n.at))
        subject, text, html_body = compose(notices, now)
        msg = mail.message(self.smtp, [user.email], subject, text, html_body, now)
        return mail.send(self.smtp, msg)

    def _report(self, row: Delivery, now: float) -> Outcome:
        """A scheduled report: the report of its period, as the reports page shows it,
        to a person who still sees the site."""
        if not self.smtp.configured:
            return Outcome(False, None, "no mail server configured (SITETRACKER_SMTP_HOST "
                                        "and SITETRACKER_SMTP_FROM)", retry=True)
        with database.connection_context():
            site = Site.get_by_id(row.site_id)
            user = User.get_by_id(row.user_id)
            if not schedule.may_receive(user.id, site):
                return Outcome(False, None, "no longer sees the site")
            _, period = schedule.period_of(str(row.report))
            found = report(site.id, period)
        reports = f"{self.base_url}/sites/{site.public_key}/reports"
        links = summary.Links(f"{reports}?from={found['from']}&to={found['to']}",
                              f"{self.base_url}/account/notifications")
        subject, text, html_body = summary.compose(
            site.name, site.timezone, schedule.title(str(row.report)), found, links)
        msg = mail.message(self.smtp, [user.email], subject, text, html_body, now)
        return mail.send(self.smtp, msg)


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def compose(notices: list[Notice], now: float) -> tuple[str, str, str]:
    """Subject, text and HTML of one mail: one notice, or a digest of several (sales
    counted and summed in the subject)."""
    if len(notices) == 1:
        n = notices[0]
        subject = f"[{n.site}] {n.heading}"
        title = n.heading
    else:
        sales = [n for n in notices if n.kind == "sale"]
        sites = sorted({n.site for n in notices})
        what = f"{len(sales)} sales" if len(sales) == len(notices) else \
            f"{len(notices)} notifications"
        subject = f"[{', '.join(sites)}] {what}"
        title = f"{what} since your last mail"
    text_parts = [title, ""]
    blocks = []
    for n in notices:
        facts = [("When", _when(n.at)), *n.facts]
        text_parts.append(n.heading)
        text_parts += [f"  {k}: {v}" for k, v in facts]
        if n.link:
            text_parts.append(f"  {n.link}")
        text_parts.append("")
        blocks.append((n.heading, facts, n.link))
    return subject, "\n".join(text_parts), mail.paragraphs_html(title, blocks)
