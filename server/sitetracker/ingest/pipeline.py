"""The event pipeline: what happens to a batch of events, in order, in one list.

:func:`ingestion` is that list, top to bottom. A batch is what one socket message or
one beacon carries, from one visit (who sends: :func:`.visit.identify`, once per
connection or request). Its stages come in three phases:

1. **drops that look at the whole batch**: the live connection's rate limit, a bot's
   visit (its batch ends there), then a beacon's shopper marked live, and ids received
   before (one round trip for the batch);
2. **each event through the steps** (:mod:`.steps`), in order: each returns the event,
   changed or not, or a :class:`~.visit.Drop` with a reason from ``DROP_REASONS``
   (:mod:`.drops`; any other reason raises);
3. **the batch**: live state takes the kept events; the features' reactions (commerce,
   messaging...) then see live state holding the whole batch and return what must be
   stored; what the steps and the reactions said must be stored (``Event.writes``, the
   reactions' writes) is committed by the write path (:mod:`sitetracker.storage.writes`)
   before anyone is answered: if the database does not take it,
   :class:`StorageUnavailable` goes up (503, the sender retries) and nothing of the batch
   reaches the write buffer. Then the counters go to the buffer, and a browser beacon's
   ``leave`` departs its shopper.

Features provide some steps (commerce: the page type, the payment-error log) and the
reactions: the app factory passes them to :func:`ingestion`, which says where they sit.
The :class:`Result` says how many were kept and how many dropped for each reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..clock import Clock
from ..domain import Drop, Event, SiteInfo, Visit
from ..storage.failures import DATABASE_AWAY, StorageUnavailable, describe
from ..storage.writes import WritePath
from . import received
from .buffer import WriteBuffer
from .drops import DROP_EXPLAINED, DROP_FOREIGN_PAGE, DROP_REASONS, checked
from .stages import (
    Batch,
    Reaction,
    Stage,
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
from .steps import Step, drop_foreign_page, keep, put_page, put_source, scrub_props

if TYPE_CHECKING:
    from ..live.state import LiveState  # given at the app factory

# Also named here for the modules that read a batch's outcome or run a step themselves.
__all__ = [
    "DROP_EXPLAINED", "DROP_FOREIGN_PAGE", "DROP_REASONS", "Event", "Pipeline", "Reaction",
    "Result", "Stage", "Step", "drop_foreign_page", "ingestion", "presence_of", "put_page",
    "put_source",
]
log = logging.getLogger(__name__)


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
        claimed in the database are released, so the sender's retry counts."""
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
