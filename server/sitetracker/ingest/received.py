"""Ids already received: an event id, an order id or a webhook delivery counts once.

Senders choose an id for each event (``i``, docs/protocol.md) and send it again until
acknowledged, so the same id may arrive twice, on two workers, or after a restart.
Where an id is remembered depends on what a double count would cost:

* **durable** (the database table ``received_id``, unique per site and key, each row
  with an expiry and purged after it): commerce events' ids, order ids and webhook
  deliveries. Their claim is an ``INSERT`` that loses to an existing row, so two workers
  racing on one id, or a retry after a restart, count it once. A claim runs in whatever
  transaction is open, so it commits (or rolls back) with what it guards.
* **live** (the live store, ``st:eid:<site>:<id>``, SET NX with a TTL, one round trip
  for a whole batch): the ids of page views, engaged time and custom events, so the hot
  path costs no database round trip. A retry within the TTL is dropped; one after it
  (or after Redis lost its data) counts again, which for these counters is the lesser
  evil.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..db import database
from ..models import ReceivedId
from ..storage.failures import StorageUnavailable
from ..store_api import Pipelines

EVENT_TTL = 3 * 24 * 3600  # a widget gives up on an unacknowledged event after a day
ORDER_TTL = 30 * 24 * 3600  # platforms re-send orders when they are updated
DELIVERY_TTL = 3 * 24 * 3600  # Shopify retries a webhook for 48 hours
LIVE_TTL = 3600
MAX_KEY = 120


def event_key(event_id: str) -> str:
    return "e:" + event_id


def order_key(order_id: str) -> str:
    return "order:" + order_id


NEW, DONE, PENDING = "new", "done", "pending"


class ClaimPending(StorageUnavailable):
    """An id another request claimed and has not stored yet (or a process that died
    holding it): not stored now, send it again shortly."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key} is being stored by an earlier request", retry_after=2)
LEASE = 30  # seconds a claim waits for what it guards to be stored


def claim(site: int, key: str, ttl: float, now: float, lease: float = LEASE) -> str:
    """Claim ``key`` on ``site``: :data:`NEW` for the first claim (or the first after its
    row expired), :data:`DONE` when what it guards was stored (:func:`confirm`), and
    :data:`PENDING` while another request holds it and has not stored yet.

    A new claim is committed at once (so two workers racing on one id cannot both win)
    but only as a lease of ``lease`` seconds: if the process dies before what the claim
    guards is stored, the sender's retry meets a pending claim (answered 503, send
    again) and takes it over once the lease ran out, instead of being told it was a
    duplicate. :func:`confirm`, in the transaction that stores the work, keeps the
    claim ``ttl`` seconds."""
    key = key[:MAX_KEY]
    leased = int(now + lease)
    with database.connection_context():
        inserted = (ReceivedId.insert(site=site, key=key, expires=leased)
                    .on_conflict_ignore().as_rowcount().execute())
        if inserted:
            return NEW
        # An expired row (a lease run out, or a claim past its time) is taken over.
        if (ReceivedId.update(expires=leased)
                .where((ReceivedId.site == site) & (ReceivedId.key == key)
                       & (ReceivedId.expires < int(now)))
                .execute()):
            return NEW
        row = ReceivedId.get_or_none((ReceivedId.site == site) & (ReceivedId.key == key))
    if row is None:  # released in between: the next try takes it
        return PENDING
    return PENDING if row.expires <= int(now + lease) else DONE


def confirm(site: int, key: str, ttl: float, now: float) -> None:
    """What the claim guards is stored (in this same transaction): keep it ``ttl``."""
    ReceivedId.update(expires=int(now + ttl)).where(
        (ReceivedId.site == site) & (ReceivedId.key == key[:MAX_KEY])).execute()


def claim_done(site: int, key: str, ttl: float, now: float) -> bool:
    """A claim whose work is a single statement run right after it (a webhook
    delivery): claimed and confirmed at once; True the first time."""
    if claim(site, key, ttl, now) != NEW:
        return False
    with database.connection_context():
        confirm(site, key, ttl, now)
    return True


def release(site: int, keys: Iterable[str]) -> None:
    """Forget claims whose work failed, so the sender's retry is counted."""
    keys = [k[:MAX_KEY] for k in keys]
    if keys:
        with database.connection_context():
            ReceivedId.delete().where((ReceivedId.site == site)
                                      & ReceivedId.key.in_(keys)).execute()


def purge(now: float) -> int:
    """Delete the rows whose time is up; return how many."""
    with database.connection_context():
        return int(ReceivedId.delete().where(ReceivedId.expires < int(now)).execute())


def live_key(prefix: str, site: int, event_id: str) -> str:
    """Where a light event's id is remembered: ``<prefix>:eid:<site>:<id>``."""
    return f"{prefix}:eid:{site}:{event_id}"


def first_live(store: Pipelines, prefix: str, site: int, ids: list[str],
               ttl: int = LIVE_TTL) -> set[str]:
    """Of ``ids`` (light events' ids), those seen for the first time, remembered in the
    live store for ``ttl`` seconds: one round trip for the whole list."""
    if not ids:
        return set()
    pipe = store.pipeline(transaction=False)
    for event_id in ids:
        pipe.set(live_key(prefix, site, event_id), "1", nx=True, ex=ttl)
    return {event_id for event_id, new in zip(ids, pipe.execute(), strict=True) if new}
