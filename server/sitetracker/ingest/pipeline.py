"""The event pipeline: small named steps, then live state, storage and the write buffer.

Each step takes the event (and the visit it belongs to) and returns it, changed or not,
or a :class:`Drop` with a reason from ``DROP_REASONS``. The :class:`Result` says how
many were kept and how many dropped for each reason.

For a batch, in order: the steps, per event; live state; the listeners (commerce,
messaging), which see live state holding the whole batch; then what the steps and the
listeners said must be stored (``Event.writes`` and what listeners return) is committed
by the write path (:mod:`sitetracker.storage.writes`) before anyone is answered: if the
database does not take it, :class:`StorageUnavailable` goes up (503, the sender retries)
and nothing of the batch reaches the write buffer. Last, the counters go to the buffer.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from ..clock import Clock
from ..domain import Drop, Event, Presence, Visit, Write
from ..storage.failures import DATABASE_AWAY, StorageUnavailable, describe
from ..storage.writes import WritePath, Writes
from . import received
from .buffer import WriteBuffer
from .channels import classify
from .commerce_props import COMMERCE_EVENTS
from .rollups import QUIET_EVENTS, to_buffer
from .scrub import scrub
from .visit import DROP_BOT

if TYPE_CHECKING:
    from ..live.state import LiveState  # given at the app factory

log = logging.getLogger(__name__)

DROP_FOREIGN_PAGE = "foreign_page"
DROP_THROTTLED = "throttled"
DROP_DUPLICATE = "duplicate"
DROP_REASONS = (DROP_BOT, DROP_FOREIGN_PAGE, DROP_THROTTLED, DROP_DUPLICATE)
# Each reason as the site page's verify mode spells it out to a person.
DROP_EXPLAINED = {
    DROP_BOT: "dropped: the browser looks like a bot or automation (its User-Agent), so "
              "nothing it sends is counted",
    DROP_FOREIGN_PAGE: "dropped: the event's page URL is not on one of the site's domains",
    DROP_THROTTLED: "dropped: the page sent more than 10 events a second (rate limit)",
    DROP_DUPLICATE: "dropped: an event with this id was already counted (a retry)",
}
# Events whose ids are remembered in the database (see :mod:`.received`).
DURABLE_IDS = frozenset(COMMERCE_EVENTS)
MAX_PATH = 300


@dataclass
class Result:
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    def add(self, other: Result) -> None:
        self.kept += other.kept
        self.dropped.update(other.dropped)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.kept, "dropped": dict(self.dropped)}


Step = Callable[[Event, Visit], "Event | Drop"]
# Sees every kept event once live state holds the batch; returns what must be stored.
Listener = Callable[[Visit, Event, float], "Iterable[Write] | None"]


def _host(url: str) -> str:
    try:
        return (urlparse(url).hostname or "").lower()
    except ValueError:
        return ""


def scrub_props(event: Event, visit: Visit) -> Event:
    """Free text in properties loses e-mail addresses, phone and card numbers
    (:mod:`.scrub`), but for the contact a payment error carries on
    purpose: the payment-error log keeps it and strips it from the event."""
    if not event.props:
        return event
    props = {key: value if key in ("email", "phone") else scrub(value)
             for key, value in event.props.items()}
    return replace(event, props=props) if props != event.props else event


def drop_foreign_page(event: Event, visit: Visit) -> Event | Drop:
    """A page URL must be on one of the site's domains."""
    if event.url and not visit.site.allows_origin(event.url):
        return Drop(DROP_FOREIGN_PAGE)
    return event


def put_page(event: Event, visit: Visit) -> Event:
    """The page's path, without query or fragment, as the live URL list shows it."""
    if not event.url:
        return event
    try:
        path = urlparse(event.url).path or "/"
    except ValueError:
        path = "/"
    return replace(event, path=path[:MAX_PATH])


def put_source(event: Event, visit: Visit) -> Event:
    """Where a page view came from: ``utm_source``, else the referring host, else direct;
    and its channel (:func:`.channels.classify`)."""
    if event.name != "pageview":
        return event
    try:
        query = parse_qs(urlparse(event.url).query)
    except ValueError:
        query = {}
    utm_source = (query.get("utm_source") or [""])[0][:100]
    utm_campaign = (query.get("utm_campaign") or [""])[0][:100]
    utm_medium = (query.get("utm_medium") or [""])[0][:100]
    referrer_host = _host(event.referrer)
    if referrer_host.startswith("www."):
        referrer_host = referrer_host[4:]
    if referrer_host and visit.site.allows_origin(event.referrer):
        referrer_host = ""  # moving within the store is not a source
    source = utm_source or referrer_host or ""
    return replace(event, source=source, utm_source=utm_source, utm_campaign=utm_campaign,
                   utm_medium=utm_medium,
                   channel=classify(referrer_host, utm_source, utm_medium))


STEPS: tuple[Step, ...] = (scrub_props, drop_foreign_page, put_page, put_source)


def presence_of(visit: Visit, now: float) -> Presence:
    loc, plat = visit.location, visit.platform
    return Presence(
        visitor=visit.visitor, device=plat.device, os=plat.os, browser=plat.browser,
        country=loc.country, country_name=loc.country_name, region=loc.region, city=loc.city,
        lat=loc.lat, lon=loc.lon, returning=visit.returning, since=now,
    )


class Pipeline:
    """Runs events through the steps into live state, storage and the write buffer."""

    def __init__(self, live: LiveState, buffer: WriteBuffer, clock: Clock,
                 keep_raw: bool = False, steps: tuple[Step, ...] = STEPS,
                 write_path: WritePath | None = None) -> None:
        self.live = live
        self.buffer = buffer
        self.clock = clock
        self.keep_raw = keep_raw
        self.steps = steps
        self.write_path = write_path or WritePath()
        # Called with (visit, event, now) for every kept event: commerce and alerts.
        self.listeners: list[Listener] = []
        # Called by observe() with (events received, result) of every batch: the metrics.
        self.observers: list[Callable[[int, Result], None]] = []

    def run(self, visit: Visit, payloads: list[dict[str, Any]]) -> Result:
        """Every event once: those whose id was received before are dropped as
        ``duplicate`` (the sender may stop retrying them). If anything fails, the ids
        claimed in the database are released, so the sender's retry counts."""
        now = self.clock.now()
        events = [Event.from_payload(payload) for payload in payloads]
        claimed: list[str] = []
        try:
            return self._run(visit, events, now, claimed)
        except DATABASE_AWAY as exc:
            # An id's claim (or a step) needed the database and it did not answer: as
            # when the write path is refused, nothing is kept and the sender retries.
            self._release(visit, claimed)
            reason = describe(exc)
            self.write_path.status.failed(reason)
            raise StorageUnavailable(reason) from exc
        except received.ClaimPending:  # an earlier request still stores it: not a fault
            self._release(visit, claimed)
            raise
        except StorageUnavailable as exc:  # a listener's read or the write path's commit
            self._release(visit, claimed)
            self.write_path.status.failed(exc.reason)
            raise
        except BaseException:
            self._release(visit, claimed)
            raise

    def _release(self, visit: Visit, claimed: list[str]) -> None:
        try:
            received.release(visit.site.id, claimed)
        except DATABASE_AWAY:
            log.warning("could not give back %d claimed ids: the database is away",
                        len(claimed))

    def first_time(self, visit: Visit, events: list[Event], now: float, claimed: list[str]
                   ) -> list[Event | Drop]:
        """Each event, or a duplicate drop: light events' ids are checked in the live
        store (one round trip), commerce events' claimed in the database."""
        site = visit.site.id
        light = [e.id for e in events if e.id and e.name not in DURABLE_IDS]
        fresh = received.first_live(self.live.store, self.live.prefix, site, light)
        outcomes: list[Event | Drop] = []
        taken: set[str] = set()
        for event in events:
            if event.id:
                durable = event.name in DURABLE_IDS
                if durable:
                    key = received.event_key(event.id)
                    state = received.claim(site, key, received.EVENT_TTL, now)
                    if state == received.PENDING:
                        raise received.ClaimPending(key)
                    new = event.id not in taken and state == received.NEW
                else:
                    new = event.id not in taken and event.id in fresh
                taken.add(event.id)
                if not new:
                    outcomes.append(Drop(DROP_DUPLICATE))
                    continue
                if durable:
                    claimed.append(received.event_key(event.id))
            outcomes.append(event)
        return outcomes

    def _run(self, visit: Visit, events: list[Event], now: float, claimed: list[str]
             ) -> Result:
        result = Result()
        pipe = self.live.batch()  # every live-state write of this batch in one round trip
        kept: list[Event] = []
        writes = Writes()
        outcomes = self.first_time(visit, events, now, claimed)
        for key in claimed:  # each claim is kept once what it guards is stored
            writes.add(Write("received_id", functools.partial(
                received.confirm, visit.site.id, key, received.EVENT_TTL, now), key))
        for outcome in outcomes:
            for step in self.steps:
                if isinstance(outcome, Drop):
                    break
                outcome = step(outcome, visit)
            if isinstance(outcome, Drop):
                result.dropped[outcome.reason] += 1
                continue
            self.to_live_state(visit, outcome, now, pipe)
            writes.extend(outcome.writes)
            kept.append(outcome)
        result.kept = len(kept)
        pipe.execute()
        # Listeners (commerce, alerts) run once live state holds the whole batch.
        for event in kept:
            for listener in self.listeners:
                writes.extend(listener(visit, event, now) or ())
        self.write_path.commit(writes)  # raises StorageUnavailable: answer 503
        for event in kept:
            self.to_buffer(visit, event, now)
        return result

    def observe(self, received: int, result: Result) -> Result:
        """Tell the observers (the metrics) what became of a batch of ``received`` events,
        as answered: drops decided before the steps (bots, throttling) included."""
        for observer in self.observers:
            observer(received, result)
        return result

    def to_live_state(self, visit: Visit, event: Event, now: float, pipe: Any) -> None:
        site = visit.site
        if event.name == "pageview":
            fields: dict[str, Any] = {"url": event.path}
            if event.source:
                fields["source"] = event.source
            if event.page_type:
                fields["pt"] = event.page_type
            self.live.update(site.id, visit.visitor, fields, pipe)
        elif event.page_type:
            self.live.update(site.id, visit.visitor, {"pt": event.page_type}, pipe)
        if event.engaged:
            self.live.add_engaged(site.id, event.engaged, now, site.timezone, pipe)
        if event.name not in QUIET_EVENTS:
            recent = {"t": int(now), "n": event.name, "u": event.path, "v": visit.visitor[:8],
                      "d": visit.platform.device, "c": visit.location.country}
            self.live.count_event(site.id, event.name, now, recent, pipe)

    def to_buffer(self, visit: Visit, event: Event, now: float) -> None:
        to_buffer(self.buffer, visit, event, now, self.keep_raw)
