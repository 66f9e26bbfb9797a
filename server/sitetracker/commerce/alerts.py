"""Alerts: rules checked as events arrive (live-user rules on the tick), and a sale alert
for every purchase.

Each rule fires at most once per its window for one shopper (for the site, for
live-user rules), across workers: :meth:`CommerceState.claim` lets exactly one caller
through per window. What event-count rules count is also stored (:class:`RuleEvent`,
kept a day), so after a restart their windows, and which rules just fired, come back
from storage (:meth:`Alerts.seed`): three presses of pay now spanning a restart still
raise one alert. An alert is a :class:`Write` of the event's batch: stored by the
write path with everything else the batch stores, before the event is acknowledged,
then sent as ``alert`` to the site's admins (:func:`alert_json` is its shape), so
whoever receives one can already read it, and acknowledge it, through the API. If it
cannot be stored the claim is given back, so the sender's retry raises it.
"""

from __future__ import annotations

import calendar
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from peewee import InterfaceError, OperationalError
from playhouse.pool import MaxConnectionsExceeded

from ..clock import utc
from ..db import database
from ..domain import Event, SiteInfo, Visit, Write
from ..ingest.commerce_props import items_count
from ..shoppers import shopper_name
from ..storage.failures import StorageUnavailable
from .models import Alert, RuleEvent
from .rules import MAX_WINDOW, Rule, RuleBook
from .state import CommerceState

if TYPE_CHECKING:
    from ..tracking import Tracking

log = logging.getLogger(__name__)
LIVE_CHECK_EVERY = 5.0
UNACKNOWLEDGED_TTL = 5.0
RULE_EVENT_TTL = MAX_WINDOW * 60  # the longest window a rule may have
PURGE_EVERY = 3600.0


def unix(value: datetime | None) -> int | None:
    """A stored (naive UTC) time as Unix seconds."""
    return calendar.timegm(value.timetuple()) if value is not None else None


def alert_json(row: Alert) -> dict[str, Any]:
    """An alert as admins receive it and the API lists it::

        {"id": 7, "kind": "event_count", "severity": "emergency",
         "title": "Checkout trouble: pay_now 3 times in 10 minutes", "rule": 1,
         "at": 1773153000, "shopper": "aB3dE5fG", "name": "Shopper 1d71d2",
         "value": null, "currency": null,
         "details": {"pages": [...], "cart": {...}, "device": "mobile", ...},
         "acknowledged": false, "acknowledged_at": null, "acknowledged_by": null,
         "waits": true, "helped_by": "chat", "helped_at": 1773153060,
         "outcome": "rescued", "ended_at": 1773153300,
         "sale": {"value": 89.0, "currency": "EUR"}}

    ``name`` is the shopper's name of the day (:func:`sitetracker.shoppers.shopper_name`);
    ``waits``: whether it waits for acknowledgement (sales never do); ``outcome`` how
    an emergency about one shopper ended (null while open; :mod:`.rescues`), ``sale``
    the purchase that ended it.
    """
    created = unix(row.created_at)
    return {
        "id": row.id, "kind": row.kind, "severity": row.severity, "title": row.title,
        "rule": row.rule_id, "at": created, "shopper": row.shopper or None,
        "name": shopper_name(row.visitor, created or 0) if row.visitor else None,
        "value": row.value, "currency": row.currency or None,
        "details": json.loads(row.details or "{}"),
        "acknowledged": row.acknowledged_at is not None,
        "acknowledged_at": unix(row.acknowledged_at),
        "acknowledged_by": row.acknowledged_by or None,
        "waits": row.kind != "sale",
        "helped_by": row.helped_by or None, "helped_at": unix(row.helped_at),
        "outcome": row.outcome or None, "ended_at": unix(row.ended_at),
        "sale": {"value": row.outcome_value, "currency": row.outcome_currency or None}
        if row.outcome_value is not None else None,
    }


def waiting(site_id: int) -> Any:
    """The site's alerts that wait for acknowledgement: every one but sales, which are
    notifications, not tasks."""
    return ((Alert.site == site_id) & Alert.acknowledged_at.is_null()
            & (Alert.kind != "sale"))


def _money(value: float, currency: str) -> str:
    return f"{value:,.2f} {currency}".strip()


class Alerts:
    def __init__(self, tracking: Tracking, state: CommerceState, rules: RuleBook) -> None:
        self.tracking = tracking
        self.state = state
        self.rules = rules
        self._last_live_check: float | None = None
        self._last_purge: float | None = None
        self._unacknowledged: dict[int, tuple[float, int]] = {}
        self._seeded: set[int] = set()
        # Run with each alert, in its transaction (notifications queue their deliveries
        # there, so an alert stored is never an alert whose notifications are lost).
        self.also_store: list[Callable[[Alert, float], None]] = []

    # -- on events ------------------------------------------------------------------
    def on_event(self, visit: Visit, event: Event, now: float, new_order: bool
                 ) -> list[Write]:
        """Check the site's rules against one event (and raise the sale alert of a
        purchase seen for the first time); return the alerts to store."""
        self.seed(visit.site, now)
        raised: list[Write | None] = []
        try:
            self._check(visit, event, now, new_order, raised)
        except Exception:
            for write in raised:  # claimed, but they will not be stored
                if write is not None and write.undo is not None:
                    write.undo()
            raise
        return [write for write in raised if write is not None]

    def _check(self, visit: Visit, event: Event, now: float, new_order: bool,
               raised: list[Write | None]) -> None:
        rules = self.rules.for_site(visit.site.id)
        counted = [r for r in rules if r.kind == "event_count" and r.event == event.name]
        if counted:
            # The sender's id when it gave one: a retried press is the same member.
            member = event.id or f"{now!r}:{uuid.uuid4().hex[:8]}"
            raised.append(self.store_time(visit, event.name, member, now))
            times = self.state.note_time(visit.site.id, visit.visitor_hash, event.name, now,
                                         max(int(r.threshold) for r in counted), member)
            for rule in counted:
                within = sum(1 for t in times if t > now - rule.window * 60)
                if within >= rule.threshold:
                    raised.append(self.fire(
                        rule, visit, now,
                        f"{rule.name}: {event.name} {within} times in {rule.window} minutes",
                        {"event": event.name, "count": within}))
        props = event.props
        if event.name == "payment_error":
            for rule in (r for r in rules if r.kind == "payment_error"):
                reason = props.get("message") or props.get("code") or "payment failed"
                raised.append(self.fire(
                    rule, visit, now, f"{rule.name}: {reason}",
                    {"code": props.get("code"), "message": props.get("message")},
                    props.get("value"), props.get("currency", "")))
        if event.name == "purchase" and new_order:
            value, currency = float(props.get("value", 0.0)), props.get("currency", "")
            for rule in (r for r in rules if r.kind == "purchase_above"):
                if value > rule.threshold:
                    raised.append(self.fire(
                        rule, visit, now, f"{rule.name}: {_money(value, currency)}",
                        {"order_id": props.get("order_id")}, value, currency))
            raised.append(self.sale(visit, event, now))

    def fire(self, rule: Rule, visit: Visit, now: float, title: str, extra: dict[str, Any],
             value: float | None = None, currency: str = "") -> Write | None:
        site, visitor = visit.site.id, visit.visitor_hash
        if not self.state.claim(site, rule.id, visitor, now, rule.window * 60):
            return None
        write = self.alert(visit.site, now, kind=rule.kind, severity=rule.severity,
                           title=title, rule=rule, visit=visit, value=value,
                           currency=currency, details={**extra, "window": rule.window})
        write.undo = lambda: self.state.release(site, rule.id, visitor)
        return write

    def sale(self, visit: Visit, event: Event, now: float) -> Write:
        """Every purchase: value, items and where the shopper is, at once."""
        props = event.props
        value, currency = float(props.get("value", 0.0)), props.get("currency", "")
        _, cart, _ = self.state.shopper(visit.site.id, visit.visitor)
        items = items_count(props.get("items"))
        items = items if items is not None else cart.items
        return self.alert(visit.site, now, kind="sale", severity="info",
                            title=f"Sale: {_money(value, currency)}, {items} "
                                  f"item{'s' if items != 1 else ''}",
                            visit=visit, value=value, currency=currency,
                            details={"items": items, "order_id": props.get("order_id")})

    def store_time(self, visit: Visit, name: str, member: str, now: float) -> Write:
        """Keep an event a rule counts (stored with its batch), so its window survives a
        restart."""
        row = {"site": visit.site.id, "visitor": visit.visitor_hash, "event": name,
               "member": member[:100], "ts": now}
        return Write("rule_event", lambda: RuleEvent.create(**row), row)

    def seed(self, site: SiteInfo, now: float) -> None:
        """Once per site in this process (again after the live store lost its data): the
        stored windows of the site's event-count rules, and which of them fired within
        their window, into the live store. Seeding twice adds nothing."""
        if site.id in self._seeded:
            return
        self._seeded.add(site.id)
        rules = [r for r in self.rules.for_site(site.id) if r.kind == "event_count"]
        if not rules:
            return
        longest = max(r.window for r in rules) * 60
        windows = {r.id: r.window * 60 for r in rules}
        with database.connection_context():
            rows = list(RuleEvent.select().where(
                (RuleEvent.site == site.id) & (RuleEvent.ts > now - longest)
                & RuleEvent.event.in_({r.event for r in rules})))
            fired = list(Alert.select(Alert.rule, Alert.visitor, Alert.created_at).where(
                (Alert.site == site.id) & Alert.rule.in_(list(windows))
                & (Alert.created_at > utc(now - longest))))
        times: dict[tuple[str, str], dict[str, float]] = {}
        for row in rows:
            times.setdefault((row.visitor, row.event), {})[row.member] = row.ts
        for (visitor, name), members in times.items():
            self.state.seed_times(site.id, visitor, name, members)
        for alert in fired:
            at = unix(alert.created_at)
            if alert.visitor and at is not None and alert.rule_id in windows:
                rule_id = int(alert.rule_id or 0)
                self.state.seed_fired(site.id, rule_id, alert.visitor, at + windows[rule_id], now)

    def forget_seeds(self) -> None:
        self._seeded.clear()

    # -- on the tick ----------------------------------------------------------------
    def tick(self, now: float) -> None:
        """Every few seconds: the live-users rules of every site that has some; once an
        hour, forget the counted events older than the longest window."""
        if self._last_purge is None or not 0 <= now - self._last_purge < PURGE_EVERY:
            self._last_purge = now
            with database.connection_context():
                RuleEvent.delete().where(RuleEvent.ts < now - RULE_EVENT_TTL).execute()
        last = self._last_live_check
        if last is not None and 0 <= now - last < LIVE_CHECK_EVERY:
            return
        self._last_live_check = now
        for site_id, rules in self.rules.live_rules().items():
            site = self.tracking.site_by_id(site_id)
            if site is None:
                continue
            users = len(self.tracking.live.live_visitors(site_id, now))
            for rule in rules:
                above = rule.kind == "live_users_above"
                if not (users > rule.threshold if above else users < rule.threshold):
                    continue
                if self.state.claim(site_id, rule.id, "site", now, rule.window * 60):
                    word = "above" if above else "below"
                    write = self.alert(
                        site, now, kind=rule.kind, severity=rule.severity,
                        title=f"{rule.name}: {users} live ({word} {int(rule.threshold)})",
                        rule=rule, details={"users": users, "threshold": int(rule.threshold),
                                            "window": rule.window})
                    write.undo = lambda s=site_id, r=rule.id: self.state.release(s, r, "site")
                    try:
                        self.tracking.write_path.commit([write])
                    except StorageUnavailable:
                        pass  # logged; the claim is back, the next check fires it

    # -- storing and sending --------------------------------------------------------
    def shopper_details(self, visit: Visit) -> dict[str, Any]:
        pages, cart, errors = self.state.shopper(visit.site.id, visit.visitor)
        plat, loc = visit.platform, visit.location
        return {
            "pages": pages, "cart": cart.as_json(), "device": plat.device, "os": plat.os,
            "browser": plat.browser,
            "location": {"country": loc.country or None,
                         "country_name": loc.country_name or None,
                         "region": loc.region or None, "city": loc.city or None},
            "errors": errors,
        }

    def alert(self, site: SiteInfo, now: float, *, kind: str, severity: str, title: str,
              details: dict[str, Any], rule: Rule | None = None, visit: Visit | None = None,
              value: float | None = None, currency: str = "") -> Write:
        """An alert to store; once stored, it goes to the site's admins."""
        if visit is not None:
            details = {**self.shopper_details(visit), **details}
        fields: dict[str, Any] = dict(
            site=site.id, rule=rule.id if rule else None, kind=kind, severity=severity,
            title=title[:200], shopper=visit.visitor[:8] if visit else "",
            visitor=visit.visitor_hash if visit else "", value=value,
            currency=currency, details=json.dumps(details, separators=(",", ":")),
            created_at=utc(now).replace(microsecond=0),
        )
        stored: list[Alert] = []

        def store() -> None:
            stored[:] = [Alert.create(**fields)]  # run again if its batch is retried
            for also in self.also_store:
                also(stored[0], now)

        def send() -> None:
            self._unacknowledged.pop(site.id, None)
            sent = alert_json(stored[0])
            self.tracking.emitter.to_admins(site, "alert", sent)
            for feature in self.tracking.features:
                feature.alert_raised(site, visit, sent)

        return Write(kind if kind == "sale" else "alert",
                     store, fields, then=send)

    def unacknowledged(self, site_id: int) -> int:
        """How many of the site's alerts await acknowledgement (read every few seconds;
        the live tick asks, so a known count is read again in the background and kept
        while the database does not answer)."""
        now = time.monotonic()
        cached = self._unacknowledged.get(site_id)
        if cached is not None and now - cached[0] < UNACKNOWLEDGED_TTL:
            return cached[1]
        if cached is not None and not self.tracking.settings.testing:
            self._unacknowledged[site_id] = (now, cached[1])  # one refresh at a time
            self.tracking.socketio.start_background_task(self._count, site_id, now)
            return cached[1]
        return self._count(site_id, now, cached[1] if cached is not None else 0)

    def _count(self, site_id: int, now: float, known: int = 0) -> int:
        try:
            with database.connection_context():
                count = Alert.select().where(waiting(site_id)).count()
        except (OperationalError, InterfaceError, MaxConnectionsExceeded):
            return known
        self._unacknowledged[site_id] = (now, count)
        return int(count)

    @staticmethod
    def alert_of(site_id: int, alert_id: int) -> Alert | None:
        """The site's alert ``alert_id``; None when the site has none of that id."""
        with database.connection_context():
            row: Alert | None = Alert.get_or_none((Alert.id == alert_id)
                                                  & (Alert.site == site_id))
        return row

    def acknowledge(self, site: SiteInfo, alert_id: int, by: str) -> Alert | None:
        """Mark the site's alert ``alert_id`` acknowledged (the first who did stays),
        stored before it is answered, and tell every admin of the site (``alert_ack``);
        None when the site has no such alert (each caller answers 404 its own way). The
        one acknowledgement, for the alerts page, the API and the overlay's socket."""
        row = self.alert_of(site.id, alert_id)
        if row is None or row.acknowledged_at is not None:
            return row
        now = utc(self.tracking.clock.now()).replace(microsecond=0)

        changed: list[int] = []

        def run() -> None:
            # It sets what was null, so MySQL counts the row it changed.
            changed[:] = [Alert.update(acknowledged_at=now, acknowledged_by=by[:254]).where(
                (Alert.id == row.id) & Alert.acknowledged_at.is_null()).execute()]

        self.tracking.write_path.commit([Write("acknowledgement", run, {"alert": row.id})])
        with database.connection_context():
            stored = Alert.get_by_id(row.id)
        if changed and changed[0]:
            self._unacknowledged.pop(site.id, None)
            self.tracking.emitter.to_admins(site, "alert_ack", {
                "id": stored.id, "acknowledged_at": unix(stored.acknowledged_at),
                "acknowledged_by": stored.acknowledged_by or None})
        return stored
