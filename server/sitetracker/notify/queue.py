"""The delivery queue: which deliveries an alert makes (stored in the alert's own
transaction), senders claiming due ones without ever sharing a row, and recording each
attempt.

A delivery is claimed by one atomic ``UPDATE ... SET claimed_by = <claim> WHERE id IN
(...) AND (claimed_by IS NULL OR claimed_until < now)``: of two senders racing for a
row, one writes its claim and the other's ``WHERE`` no longer matches. The claimer then
reads back the rows carrying its own claim. A claim is a lease: a sender that died
mid-delivery gives its rows back when the lease runs out, so a crash delays a delivery
but never loses it (it may then be sent twice; receivers tell by the delivery id).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from ..auth.access import site_role
from ..db import database
from ..models import Site
from . import schedule
from .channels import Outcome
from .models import Attempt, Delivery, Endpoint, MailChoice, QuietHours
from .quiet import quiet_until

LEASE = 120.0  # seconds a claim holds
BATCH = 50
BACKOFF = 30.0  # seconds before the first retry, doubled after each
BACKOFF_MOST = 3600.0


def chosen(rules: str, sales: bool, alert: Any) -> bool:
    """Whether a choice of rules (``all`` or ids) and sales covers the alert."""
    if alert.kind == "sale":
        return sales
    if rules == "all":
        return True
    return alert.rule_id is not None and str(alert.rule_id) in rules.split(",")


@dataclass(frozen=True)
class Timing:
    digest_minutes: int
    max_attempts: int


def deliveries_for(alert: Any, now: float, timing: Timing) -> list[dict[str, Any]]:
    """The deliveries a stored alert makes: one per enabled endpoint of its site that
    chose it, one per person who chose it by mail (sales gathered in a digest; mail in
    quiet hours waiting for their end, an emergency not, unless the person said so)."""
    rows: list[dict[str, Any]] = []
    # Every row names every column: insert_many takes its columns from the first.
    base = {"site": alert.site_id, "alert": alert.id, "endpoint": None, "user": None,
            "digest": False}
    for endpoint in Endpoint.select().where((Endpoint.site == alert.site_id)
                                            & Endpoint.enabled):
        if chosen(endpoint.rules, endpoint.sales, alert):
            rows.append({**base, "endpoint": endpoint.id, "channel": endpoint.kind,
                         "due": now})
    choices = list(MailChoice.select().where(MailChoice.site == alert.site_id))
    if not choices:
        return rows
    site = Site.get_by_id(alert.site_id)
    quiet = {q.user_id: q for q in QuietHours.select().where(
        QuietHours.user.in_([c.user_id for c in choices]))}
    for choice in choices:
        if not chosen(choice.rules, choice.sales, alert) or site_role(choice.user_id,
                                                                      site) is None:
            continue
        digest = alert.kind == "sale"
        due = now + timing.digest_minutes * 60 if digest else now
        hours = quiet.get(choice.user_id)
        if hours is not None and not (alert.severity == "emergency" and hours.emergencies):
            until = quiet_until(due, hours.timezone, hours.start, hours.end)
            if until is not None:
                due, digest = until, True  # gathered with what else waits for the morning
        rows.append({**base, "user": choice.user_id, "channel": "mail", "digest": digest,
                     "due": due})
    return rows


def enqueue(alert: Any, now: float, timing: Timing) -> int:
    """Store the alert's deliveries (inside the caller's transaction); how many."""
    rows = deliveries_for(alert, now, timing)
    if rows:
        Delivery.insert_many(rows).execute()
    return len(rows)


def claim(worker: str, now: float, batch: int = BATCH) -> list[Delivery]:
    """Claim due deliveries for this sender (with every waiting digest row of the same
    people, so one mail carries them all); the rows claimed."""
    token = f"{worker[:18]}-{uuid.uuid4().hex[:12]}"
    free = Delivery.claimed_by.is_null() | (Delivery.claimed_until < now)
    with database.connection_context():
        due = list(Delivery.select(Delivery.id, Delivery.user, Delivery.digest).where(
            (Delivery.status == "pending") & (Delivery.due <= now) & free)
            .order_by(Delivery.due).limit(batch))
        if not due:
            return []
        ids = [d.id for d in due]
        people = {d.user_id for d in due if d.digest and d.user_id is not None}
        if people:
            ids += [d.id for d in Delivery.select(Delivery.id).where(
                (Delivery.status == "pending") & Delivery.digest & free
                & Delivery.user.in_(list(people)) & (Delivery.channel == "mail"))]
        Delivery.update(claimed_by=token, claimed_until=now + LEASE).where(
            Delivery.id.in_(sorted(set(ids))) & (Delivery.status == "pending") & free
        ).execute()
        return list(Delivery.select().where(Delivery.claimed_by == token)
                    .order_by(Delivery.id))


def record(rows: list[Delivery], outcome: Outcome, now: float, max_attempts: int) -> None:
    """One attempt at these deliveries (one mail carries several): log it, then mark
    them sent, failed for good, or due again after a backoff, and give back the claim."""
    with database.connection_context(), database.atomic():
        for row in rows:
            Attempt.create(delivery=row.id, at=now, code=outcome.code, error=outcome.error)
            attempts = row.attempts + 1
            if outcome.ok:
                status, due = "sent", row.due
            elif outcome.retry and attempts < max_attempts:
                status = "pending"
                due = now + min(BACKOFF * 2 ** (attempts - 1), BACKOFF_MOST)
            else:
                status, due = "failed", row.due
            Delivery.update(status=status, due=due, attempts=attempts, claimed_by=None,
                            claimed_until=None).where(Delivery.id == row.id).execute()


def test_delivery(site_id: int, endpoint_id: int, kind: str, now: float) -> None:
    """Queue the test button's delivery (no alert) for an endpoint."""
    with database.connection_context():
        Delivery.create(site=site_id, endpoint=endpoint_id, channel=kind, due=now)


def log(site_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The site's latest deliveries, newest first, each with its attempts::

        [{"id": 9, "channel": "webhook", "to": "Ops hook", "status": "sent",
          "title": "Checkout trouble: ...", "attempts": [{"at": 1773153000.0,
          "code": 500, "error": "HTTP 500 ..."}, {"at": ..., "code": 200, ...}]}]
    """
    with database.connection_context():
        rows = list(Delivery.select().where(Delivery.site == site_id)
                    .order_by(Delivery.id.desc()).limit(limit))
        ids = [r.id for r in rows]
        tries: dict[int, list[dict[str, Any]]] = {}
        for a in (Attempt.select().where(Attempt.delivery.in_(ids)).order_by(Attempt.id)
                  if ids else []):
            tries.setdefault(a.delivery_id, []).append(
                {"at": a.at, "code": a.code, "error": a.error})
        out = []
        for r in rows:
            to = (r.endpoint.name if r.endpoint is not None
                  else r.user.email if r.user is not None else "?")
            title = (r.alert.title if r.alert is not None
                     else schedule.title(r.report) if r.report else "Test notification")
            out.append({"id": r.id, "channel": r.channel, "to": to, "status": r.status,
                        "title": title, "due": r.due, "attempts": tries.get(r.id, [])})
        return out
