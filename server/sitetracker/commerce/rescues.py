"""Counting the rescues: how each emergency about one shopper ended, so an owner can tell
whether helping worked.

An emergency (an alert of a rule about one shopper, a kind in :data:`TRACKED`) is open
until it ends as

* ``rescued``: the shopper purchased after an admin helped them: a chat message to
  them, a broadcast they received, or watching their page (:func:`record_help`);
* ``recovered``: the shopper purchased with no help;
* ``lost``: the shopper left without buying. Decided on the tick (every
  :data:`LOST_CHECK_EVERY` seconds, by whichever worker gets there first): open for
  :data:`SESSION_GAP` (the widget's session gap, 30 minutes) and the shopper is not on
  the site now.

Every change is a :class:`Write` through the write path, stored before it is told:
admins then receive ``alert_outcome`` (the alert as :func:`alert_json` shapes it) and
the snapshot's ``rescues`` figures are read again (:mod:`.rescue_figures`).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import TYPE_CHECKING, Any

from flask import current_app
from peewee import Expression

from ..clock import utc
from ..db import database
from ..domain import SiteInfo, Visit, Write, visitor_hash
from ..storage.failures import StorageUnavailable
from .alerts import alert_json
from .models import Alert

if TYPE_CHECKING:
    from ..tracking import Tracking
    from .rescue_figures import RescueFigures

TRACKED = ("event_count", "payment_error")  # purchase_above is raised by the purchase
HELP_KINDS = ("chat", "broadcast", "watch")
OUTCOMES = ("rescued", "recovered", "lost")
SESSION_GAP = 30 * 60
OPEN_FOR = 2 * 86400  # older open emergencies are left undecided
LOST_CHECK_EVERY = 30.0
LOST_MOST = 500  # decided per check


def _stored(ts: float) -> Any:
    return utc(ts).replace(microsecond=0)


def open_emergencies(site_id: int, now: float) -> Expression:
    """The site's emergencies about one shopper that have not ended yet."""
    return ((Alert.site == site_id) & (Alert.created_at > _stored(now - OPEN_FOR))
            & Alert.kind.in_(TRACKED) & (Alert.outcome == "") & (Alert.visitor != ""))


class Rescues:
    """Helps, outcomes and the lost check of one app."""

    def __init__(self, tracking: Tracking, figures: RescueFigures) -> None:
        self.tracking = tracking
        self.figures = figures
        self._last_check: float | None = None

    def helped(self, site: SiteInfo, refs: Collection[str], kind: str, now: float) -> Write:
        """A write noting that an admin helped these shoppers (their ``ref``): their
        open emergencies keep the first help, and how it came."""
        if kind not in HELP_KINDS:
            raise ValueError(f"unknown help: {kind}")
        chosen = sorted(set(refs))
        if not chosen:
            return Write("help", lambda: None, {"site": site.id, "kind": kind})

        def run() -> None:
            for start in range(0, len(chosen), 500):
                Alert.update(helped_at=_stored(now), helped_by=kind).where(
                    open_emergencies(site.id, now) & Alert.visitor.in_(chosen[start:start + 500])
                    & Alert.helped_at.is_null()).execute()

        return Write("help", run, {"site": site.id, "refs": chosen[:20], "kind": kind})

    def purchased(self, visit: Visit, value: float, currency: str, now: float) -> Write:
        """A write ending the shopper's open emergencies with their purchase: rescued if
        an admin helped, recovered if not."""
        site, ended = visit.site, list[int]()

        def run() -> None:
            ended.clear()  # run again, one by one, if the batch was refused
            for row in Alert.select().where(open_emergencies(site.id, now)
                                            & (Alert.visitor == visit.visitor_hash)):
                outcome = "rescued" if row.helped_at is not None else "recovered"
                if self._end(row, outcome, now, value, currency[:3]):
                    ended.append(row.id)

        return Write("outcome", run, {"site": site.id, "visitor": visit.visitor_hash},
                     then=lambda: self._announce(site, ended))

    @staticmethod
    def _end(row: Alert, outcome: str, now: float, value: float | None = None,
             currency: str = "") -> bool:
        changed = Alert.update(outcome=outcome, ended_at=_stored(now), outcome_value=value,
                               outcome_currency=currency).where(
            (Alert.id == row.id) & (Alert.outcome == "")).execute()
        return bool(changed)  # it changes the outcome, so MySQL counts the row

    def _announce(self, site: SiteInfo, ids: list[int]) -> None:
        if not ids:
            return
        self.figures.forget(site.id)
        with database.connection_context():
            rows = list(Alert.select().where(Alert.id.in_(ids)))
        for row in rows:
            self.tracking.emitter.to_admins(site, "alert_outcome",
                                            {**alert_json(row), "ref": row.visitor or None})

    def tick(self, now: float) -> None:
        """Every half minute: the emergencies whose shopper left without buying end as
        lost."""
        last = self._last_check
        if last is not None and 0 <= now - last < LOST_CHECK_EVERY:
            return
        self._last_check = now
        with database.connection_context():
            rows = list(Alert.select(Alert.id, Alert.site, Alert.visitor).where(
                Alert.kind.in_(TRACKED) & (Alert.outcome == "") & (Alert.visitor != "")
                & (Alert.created_at <= _stored(now - SESSION_GAP))
                & (Alert.created_at > _stored(now - OPEN_FOR))).limit(LOST_MOST))
        by_site: dict[int, list[Alert]] = {}
        for row in rows:
            by_site.setdefault(row.site_id, []).append(row)
        for site_id, alerts in by_site.items():
            site = self.tracking.site_by_id(site_id)
            if site is None:
                continue
            here = {visitor_hash(site_id, v)
                    for v in self.tracking.live.live_visitors(site_id, now)}
            gone = [row for row in alerts if row.visitor not in here]
            ended: list[int] = []

            def run(gone: list[Alert] = gone, ended: list[int] = ended) -> None:
                ended.clear()
                ended.extend(row.id for row in gone if self._end(row, "lost", now))

            write = Write("outcome", run, {"site": site_id, "lost": len(gone)},
                          then=partial(self._announce, site, ended))
            try:
                self.tracking.write_path.commit([write])
            except StorageUnavailable:
                return  # logged; the next check decides them


def record_help(site: SiteInfo, ref: str, kind: str) -> None:
    """Note that an admin of ``site`` helped the shopper ``ref`` (the visitor hash
    payloads carry) by ``kind`` (``chat``, ``broadcast`` or ``watch``): their open
    emergency ends as rescued if they buy. Stored before it returns; raises
    :class:`StorageUnavailable` (answer 503) if it could not be."""
    commerce = current_app.extensions.get("sitetracker.commerce")
    if commerce is None:
        return
    now = commerce.tracking.clock.now()
    commerce.tracking.write_path.commit([commerce.rescues.helped(site, [ref], kind, now)])
