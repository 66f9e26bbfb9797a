"""The event pipeline: what happens to a batch of events, in order, in one list.

:func:`ingestion` is that list, top to bottom. A batch is what one socket message or
one beacon carries, from one visit (who sends: :func:`.visit.identify`, once per
connection or request). Its stages come in three phases:

1. **drops that look at the whole batch**: the live connection's rate limit, a bot's
   visit (its batch ends there), then a beacon's shopper marked live, and ids received
   before (one round trip for the batch);
2. **each event through the steps** (below), in order: each returns the event,
   changed or not, or a :class:`~sitetracker.domain.Drop` with a reason from
   ``DROP_REASONS`` (:mod:`.stages`; any other reason raises); steps do no I/O of
   their own;
3. **the batch**: live state takes the kept events; the features' reactions (commerce,
   messaging...) then see live state holding the whole batch and return what must be
   stored; what the steps and the reactions said must be stored (``Event.writes``, the
   reactions' writes) is committed by the write path (:mod:`sitetracker.storage.writes`)
   before anyone is answered: if the database does not take it,
   :class:`StorageUnavailable` goes up (503, the sender retries) and nothing of the batch
   reaches the write buffer. Whatever fails before the commit (a reaction, a later
   event's, the commit itself), each write's ``undo`` gives back what was noted for it
   (a funnel stage reached, an order seen, an alert's window), so the retry stores it.
   Then the counters go to the buffer, and a browser beacon's ``leave`` departs its
   shopper.

Features provide some steps (commerce: the page type, the payment-error log) and the
reactions: the app factory passes them to :func:`ingestion`, which says where they sit.
The :class:`Result` says how many were kept and how many dropped for each reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

from ..clock import Clock
from ..domain import Drop, Event, SiteInfo, Visit
from ..storage.failures import DATABASE_AWAY, StorageUnavailable, describe
from ..storage.writes import WritePath
from . import received
from .buffer import WriteBuffer
from .channels import classify
from .scrub import scrub
from .stages import (
    DROP_EXPLAINED,
    DROP_FOREIGN_PAGE,
    DROP_REASONS,
    Batch,
    Reaction,
    Stage,
    Step,
    checked,
    drop_bot,
    drop_duplicate,
    drop_throttled,
    each_event,
    mark_departed,
    mark_present,
    presence_of,
    react,
    write_live_state,
    write_storage,
    write_to_buffer,
)

if TYPE_CHECKING:
    from ..live.state import LiveState  # given at the app factory

# Also named here for the modules that read a batch's outcome or run a step themselves.
__all__ = [
    "DROP_EXPLAINED", "DROP_FOREIGN_PAGE", "DROP_REASONS", "Event", "Pipeline", "Reaction",
    "Result", "Stage", "Step", "drop_foreign_page", "ingestion", "presence_of", "put_page",
    "put_source",
]
log = logging.getLogger(__name__)
MAX_PATH = 300


def keep(event: Event, visit: Visit) -> Event:
    """No step here: the feature that provides it is not installed."""
    return event


def ingestion(put_page_type: Step = keep, log_payment_error: Step = keep,
              reactions: Sequence[Reaction] = ()) -> tuple[Stage, ...]:
    """Everything that happens to a batch, in order. The app factory passes commerce's
    steps and the features' reactions; without them, those places do nothing."""
    return (
        # 1. drops that look at the whole batch
        drop_throttled,
        drop_bot,  # a bot's batch ends here
        mark_present,
        drop_duplicate,
        # 2. each event through the steps
        each_event(
            scrub_props,
            drop_foreign_page,
            put_page,
            put_source,
            put_page_type,  # commerce: home, product, checkout... (commerce.page_types)
            log_payment_error,  # commerce: the log entry, then no contact (commerce.payments)
        ),
        # 3. the batch
        write_live_state,
        react(*reactions),  # shopper links, commerce, messaging, the live view
        write_storage,  # StorageUnavailable here: nothing below runs, the answer is 503
        write_to_buffer,
        mark_departed,
    )


# -- the steps each event goes through, in the list's order --------------------------
# Each takes the event and its visit and returns the event, changed or not, or a Drop
# (the shape :data:`.stages.Step`); commerce's two steps have the same shape.
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


def _host(url: str) -> str:
    try:
        return (urlparse(url).hostname or "").lower()
    except ValueError:
        return ""


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


@dataclass
class Result:
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, outcomes: Sequence[Event | Drop]) -> Result:
        """What became of a batch's events: the kept, and the dropped by reason."""
        dropped = Counter(checked(o.reason) for o in outcomes if isinstance(o, Drop))
        return cls(kept=len(outcomes) - dropped.total(), dropped=dropped)

    def add(self, other: Result) -> None:
        self.kept += other.kept
        self.dropped.update(other.dropped)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.kept, "dropped": dict(self.dropped)}


class Pipeline:
    """Runs batches through :func:`ingestion`'s stages (or ``steps``, in their place)."""

    def __init__(self, live: LiveState, buffer: WriteBuffer, clock: Clock,
                 keep_raw: bool = False, steps: Sequence[Stage] | None = None,
                 write_path: WritePath | None = None,
                 seed: Callable[[SiteInfo], None] | None = None) -> None:
        self.live = live
        self.buffer = buffer
        self.clock = clock
        self.keep_raw = keep_raw
        self.steps: tuple[Stage, ...] = tuple(steps) if steps is not None else ingestion()
        self.write_path = write_path or WritePath()
        # Today's figures of a site from storage, before a beacon counts (Tracking.seed).
        self.seed: Callable[[SiteInfo], None] = seed or (lambda site: None)
        # Called by observe() with (events received, result) of every batch: the metrics.
        self.observers: list[Callable[[int, Result], None]] = []

    def run(self, visit: Visit | Drop, payloads: list[dict[str, Any]], *,
            allowed: int | None = None, beacon: bool = False, live: bool = False
            ) -> Result:
        """One batch of ``visit`` (identify's outcome), validated. ``allowed``: how many
        the live connection's rate limit let through; ``beacon``: it came by HTTP;
        ``live``: by HTTP from the shopper's browser.

        Every event counts once: those whose id was received before are dropped as
        ``duplicate`` (the sender may stop retrying them). If anything fails, the ids
        claimed in the database are released and, if it failed before the commit, what
        the reactions noted for the rows to store (a funnel stage reached, an order
        seen, a rule's window claimed) is given back, so the sender's retry counts and
        stores them."""
        now = self.clock.now()
        batch = Batch(self, visit, payloads, [Event.from_payload(p) for p in payloads], now,
                      allowed=allowed, beacon=beacon, live=live)
        try:
            for stage in self.steps:
                stage(batch)
                if batch.done:
                    break
        except DATABASE_AWAY as exc:
            # An id's claim (or a step) needed the database and it did not answer: as
            # when the write path is refused, nothing is kept and the sender retries.
            self._release(batch)
            reason = describe(exc)
            self.write_path.status.failed(reason)
            raise StorageUnavailable(reason) from exc
        except received.ClaimPending:  # an earlier request still stores it: not a fault
            self._release(batch)
            raise
        except StorageUnavailable as exc:  # a reaction's read or the write path's commit
            self._release(batch)
            self.write_path.status.failed(exc.reason)
            raise
        except BaseException:
            self._release(batch)
            raise
        return Result.of(batch.outcomes)

    def _release(self, batch: Batch) -> None:
        """What the failed batch took, given back so its retry counts: what its steps
        and reactions noted for writes never committed (a funnel stage, an order's
        claim, a rule's window), then the ids it claimed."""
        batch.writes.give_back()
        if not batch.claimed or not isinstance(batch.visit, Visit):
            return
        try:
            received.release(batch.visit.site.id, batch.claimed)
        except DATABASE_AWAY:
            log.warning("could not give back %d claimed ids: the database is away",
                        len(batch.claimed))

    def observe(self, received: int, result: Result) -> Result:
        """Tell the observers (the metrics) what became of a batch of ``received`` events,
        as answered."""
        for observer in self.observers:
            observer(received, result)
        return result
