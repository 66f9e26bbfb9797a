"""The stages of a batch (:func:`.pipeline.ingestion` lists them in order), and why an
event is not counted: the closed set of drop reasons.

A batch is what one socket message or one beacon carries, from one visit. Each stage
takes the :class:`Batch` and changes it: drops events (with a reason from
:data:`DROP_REASONS`, checked by :meth:`Batch.drop`), runs the events through their
steps (:func:`each_event`), or writes what was kept: live state, the features'
reactions (:func:`react`), storage, the write buffer.

Every drop the pipeline counts names one of :data:`DROP_REASONS`; the runner refuses
any other (:func:`checked`), so the metrics, the health page and the verify mode can
list them all and a new reason cannot slip in unexplained.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..domain import Drop, Presence, Visit, Write
from ..storage.writes import Writes
from . import received
from .commerce_props import COMMERCE_EVENTS
from .rollups import QUIET_EVENTS, to_buffer

if TYPE_CHECKING:
    from ..domain import Event
    from .pipeline import Pipeline

# -- why an event is not counted ------------------------------------------------------
DROP_BOT = "bot"
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


class UnknownDropReason(ValueError):
    """A step dropped an event with a reason outside :data:`DROP_REASONS`."""


def checked(reason: str) -> str:
    """``reason``, if it is one of :data:`DROP_REASONS`; else :class:`UnknownDropReason`."""
    if reason not in DROP_REASONS:
        raise UnknownDropReason(f"{reason!r} is not one of {', '.join(DROP_REASONS)}")
    return reason


# -- the shapes of a stage, a step and a reaction --------------------------------------
# A step takes one event and its visit, returns the event (changed or not) or a Drop;
# steps do no I/O of their own (:mod:`.pipeline` holds ours; commerce adds two).
Step = Callable[["Event", Visit], "Event | Drop"]
# Sees every kept event once live state holds the batch; returns what must be stored.
Reaction = Callable[[Visit, "Event", float], "Iterable[Write] | None"]
# Events whose ids are remembered in the database (see :mod:`.received`).
DURABLE_IDS = frozenset(COMMERCE_EVENTS)


@dataclass
class Batch:
    """One batch on its way through the stages: what they read and change."""

    pipeline: Pipeline  # its live state, write buffer, write path
    visit: Visit | Drop  # who sends (:func:`.visit.identify`): a bot's visit is a Drop
    payloads: list[dict[str, Any]]
    outcomes: list[Event | Drop]  # one per event received, in order
    now: float
    allowed: int | None = None  # the live connection's rate limit let this many through
    beacon: bool = False  # it came by HTTP (a socket's site is seeded at connect)
    live: bool = False  # from the shopper's browser by HTTP: it makes them live
    # Committed before the answer; given back if the batch fails before the commit.
    writes: Writes = field(default_factory=Writes)
    claimed: list[str] = field(default_factory=list)  # given back if the batch fails
    done: bool = False  # nothing more to do: the stages after are skipped

    @property
    def shopper(self) -> Visit:
        """The visit, once :func:`drop_bot` let the batch through."""
        if not isinstance(self.visit, Visit):
            raise TypeError("a bot's batch ends at drop_bot")
        return self.visit

    def kept(self) -> list[Event]:
        return [o for o in self.outcomes if not isinstance(o, Drop)]

    def drop(self, index: int, drop: Drop) -> None:
        """The event at ``index`` is dropped; a reason outside the closed set raises."""
        checked(drop.reason)
        self.outcomes[index] = drop


Stage = Callable[[Batch], None]


def presence_of(visit: Visit, now: float) -> Presence:
    loc, plat = visit.location, visit.platform
    return Presence(
        visitor=visit.visitor, device=plat.device, os=plat.os, browser=plat.browser,
        country=loc.country, country_name=loc.country_name, region=loc.region, city=loc.city,
        lat=loc.lat, lon=loc.lon, returning=visit.returning, since=now,
    )


# -- before the steps: drops that look at the whole batch ------------------------------
def drop_throttled(batch: Batch) -> None:
    """Past the live connection's rate limit (a bot's page's too): those events dropped."""
    if batch.allowed is None:
        return
    for index in range(batch.allowed, len(batch.outcomes)):
        batch.drop(index, Drop(DROP_THROTTLED))
    batch.done = batch.allowed <= 0


def drop_bot(batch: Batch) -> None:
    """A bot's visit (identify's Drop) has every event dropped, and is never counted."""
    if isinstance(batch.visit, Drop):
        for index, outcome in enumerate(batch.outcomes):
            if not isinstance(outcome, Drop):
                batch.drop(index, batch.visit)
        batch.done = True


def mark_present(batch: Batch) -> None:
    """By HTTP, the site's figures are seeded from storage and a browser's shopper is
    live (a socket does both at connect)."""
    if batch.beacon:
        batch.pipeline.seed(batch.shopper.site)
    if batch.live:
        visit = batch.shopper
        batch.pipeline.live.seen(visit.site.id, presence_of(visit, batch.now), batch.now)


def drop_duplicate(batch: Batch) -> None:
    """An id received before is dropped: light events' ids checked in the live store (one
    round trip), commerce events' claimed in the database (confirmed with the batch)."""
    visit, now, live = batch.shopper, batch.now, batch.pipeline.live
    site = visit.site.id
    events = [(i, o) for i, o in enumerate(batch.outcomes) if not isinstance(o, Drop)]
    light = [e.id for _, e in events if e.id and e.name not in DURABLE_IDS]
    fresh = received.first_live(live.store, live.prefix, site, light)
    taken: set[str] = set()
    for index, event in events:
        if not event.id:
            continue
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
            batch.drop(index, Drop(DROP_DUPLICATE))
        elif durable:
            batch.claimed.append(received.event_key(event.id))
    for key in batch.claimed:  # each claim is kept once what it guards is stored
        batch.writes.add(Write("received_id", functools.partial(
            received.confirm, site, key, received.EVENT_TTL, now), key))


# -- each event --------------------------------------------------------------------------
def each_event(*steps: Step) -> Stage:
    """A stage running each event through ``steps`` in order, until one drops it."""

    def run_steps(batch: Batch) -> None:
        """Each event through the steps; what a step said must be stored joins the
        batch's writes."""
        visit = batch.shopper
        for index, outcome in enumerate(batch.outcomes):
            for step in steps:
                if isinstance(outcome, Drop):
                    break
                outcome = step(outcome, visit)
            if isinstance(outcome, Drop):
                if outcome is not batch.outcomes[index]:
                    batch.drop(index, outcome)
                continue
            batch.outcomes[index] = outcome
            batch.writes.extend(outcome.writes)

    run_steps.__qualname__ = run_steps.__name__ = "each_event"
    return run_steps


# -- the batch, once every event went through the steps ----------------------------------
def write_live_state(batch: Batch) -> None:
    """The kept events into live state (pages, engaged time, event counts): one round
    trip for the batch."""
    visit, now, live = batch.shopper, batch.now, batch.pipeline.live
    site = visit.site
    pipe = live.batch()
    for event in batch.kept():
        if event.name == "pageview":
            fields: dict[str, Any] = {"url": event.path}
            if event.source:
                fields["source"] = event.source
            if event.page_type:
                fields["pt"] = event.page_type
            live.update(site.id, visit.visitor, fields, pipe)
        elif event.page_type:
            live.update(site.id, visit.visitor, {"pt": event.page_type}, pipe)
        if event.engaged:
            live.add_engaged(site.id, event.engaged, now, site.timezone, pipe)
        if event.name not in QUIET_EVENTS:
            recent = {"t": int(now), "n": event.name, "u": event.path, "v": visit.visitor[:8],
                      "d": visit.platform.device, "c": visit.location.country}
            live.count_event(site.id, event.name, now, recent, pipe)
    pipe.execute()


def react(*reactions: Reaction) -> Stage:
    """A stage giving each kept event to ``reactions`` in order (event by event)."""

    def run_reactions(batch: Batch) -> None:
        """The features react to each kept event, seeing live state hold the whole
        batch; what they return must be stored with it."""
        visit = batch.shopper
        for event in batch.kept():
            for reaction in reactions:
                batch.writes.extend(reaction(visit, event, batch.now) or ())

    run_reactions.__qualname__ = run_reactions.__name__ = "react"
    return run_reactions


def write_storage(batch: Batch) -> None:
    """The batch's writes, committed by the write path before anyone is answered (else
    :class:`~sitetracker.storage.failures.StorageUnavailable`: 503, the sender retries).
    From here they are the write path's: stored, or given back by it."""
    writes, batch.writes = batch.writes, Writes()
    batch.pipeline.write_path.commit(writes)


def write_to_buffer(batch: Batch) -> None:
    """What the kept events count (rollups, sessions, raw events) to the write buffer."""
    pipeline = batch.pipeline
    for event in batch.kept():
        to_buffer(pipeline.buffer, batch.shopper, event, batch.now, pipeline.keep_raw)


def mark_departed(batch: Batch) -> None:
    """A browser's beacon with a ``leave``: its shopper departs after the grace, unless
    another of their pages holds a connection (its worker renews them before then)."""
    if batch.live and any(payload["n"] == "leave" for payload in batch.payloads):
        visit = batch.shopper
        batch.pipeline.live.disconnected(visit.site.id, visit.visitor, batch.now)
