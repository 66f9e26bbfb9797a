"""Commerce: the funnel, carts at risk, sales, custom events, alert rules and alerts, and
the payment-error log.

* :mod:`.state` keeps the live part (who reached which stage today, carts, a shopper's
  last pages and errors, rule counters) in the live store;
* :mod:`.funnel` records what each event changes and computes the snapshot's gauges;
* :mod:`.rules` and :mod:`.alerts` define and apply the alert rules, and raise sale
  alerts; :mod:`.rescues` decides how each emergency ended (rescued, recovered, lost)
  and :mod:`.rescue_figures` counts the sales rescued; :mod:`.events` holds the
  custom event definitions widgets receive;
* :mod:`.page_types` is the pipeline step naming the kind of page a shopper is on;
* :mod:`.payments` is the pipeline step writing the payment-error log (and stripping
  shoppers' contact from everything after it); :mod:`.history` the daily figures;
* :mod:`.models` what is stored.

:func:`init_app` plugs them into the tracking services through their seams. The HTTP
routes live with the others: ``api/alerts.py``, ``api/commerce.py``,
``web/commerce.py``. Definitions and shapes: docs/commerce.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from peewee import PeeweeException

from ..domain import Event, SiteInfo, Visit, Write
from ..ingest import received
from ..ingest.commerce_props import COMMERCE_EVENTS
from ..live.connections import Connection
from ..models import Site
from ..storage.failures import StorageUnavailable, describe
from .alerts import Alerts
from .events import Definitions
from .funnel import Funnel, is_thank_you
from .page_types import PageTypes
from .payments import PaymentLog
from .rescue_figures import RescueFigures
from .rescues import Rescues
from .rules import RuleBook
from .state import CommerceState

if TYPE_CHECKING:
    from flask import Flask

    from ..tracking import Tracking

log = logging.getLogger(__name__)
SETTLE_CART = 600  # seconds a cart is kept after its thank-you page
# The board tiles commerce draws: the funnel, money at risk, abandonment, custom events,
# shoppers by page type and the sales rescued.
TILES = ("funnel", "abandonment", "carts", "events", "page_types", "rescues")


class Commerce:
    """Commerce's services of one app (``app.extensions["sitetracker.commerce"]``)."""

    def __init__(self, tracking: Tracking) -> None:
        self.tracking = tracking
        self.state = CommerceState(tracking.live.store, tracking.live.prefix)
        self.rules = RuleBook()
        self.definitions = Definitions()
        self.funnel = Funnel(tracking, self.state)
        self.alerts = Alerts(tracking, self.state, self.rules)
        self.payments = PaymentLog(self.state, tracking.clock)
        self.page_types = PageTypes()
        self.rescue_figures = RescueFigures()
        self.rescues = Rescues(tracking, self.rescue_figures)

    def on_event(self, visit: Visit, event: Event, now: float) -> list[Write]:
        """The pipeline listener: funnel first, then rules (which see the cart), then a
        purchase empties the cart; returns what must be stored (funnel stages, alerts,
        the sale). A failure to read storage here (the rules) answers 503 for the
        commerce events, whose alerts could be missed; otherwise it is logged and
        ingestion goes on."""
        if event.name in ("engage", "leave"):
            return []
        writes: list[Write] = []
        try:
            writes += self.funnel.record(visit, event, now)
            if event.name == "pageview":
                if is_thank_you(event.path):
                    self.state.settle_cart(visit.site.id, visit.visitor, SETTLE_CART)
                    self.tracking.live.update(visit.site.id, visit.visitor, {"cart": 0})
                return writes
            new_order = True
            order_id = event.props.get("order_id") if event.name == "purchase" else None
            if order_id:
                # Claimed in the database, so a re-sent order counts once across workers
                # and restarts; given back if the sale is not stored, so its retry counts.
                site_id, key = visit.site.id, received.order_key(order_id)
                state = received.claim(site_id, key, received.ORDER_TTL, now)
                if state == received.PENDING:
                    raise received.ClaimPending(key)
                new_order = state == received.NEW
                if new_order:
                    writes.append(Write(
                        "order", lambda: received.confirm(site_id, key, received.ORDER_TTL, now),
                        order_id, undo=lambda: received.release(site_id, [key])))
            writes += self.alerts.on_event(visit, event, now, new_order)
            if event.name == "purchase" and new_order:
                writes.append(self.rescues.purchased(
                    visit, float(event.props.get("value", 0.0)),
                    str(event.props.get("currency", "")), now))
            if event.name == "purchase":
                writes += self.funnel.purchased(visit, event, now, new_order)
        except Exception as exc:
            for write in writes:  # none of them will be stored
                if write.undo is not None:
                    write.undo()
            if isinstance(exc, StorageUnavailable):
                raise
            if event.name in COMMERCE_EVENTS and isinstance(exc, PeeweeException | OSError):
                raise StorageUnavailable(describe(exc)) from exc
            log.exception("commerce could not record a %s event", event.name)
            return []
        return writes

    def snapshot(self, site: SiteInfo, now: float) -> dict[str, Any]:
        """The live snapshot's ``commerce`` part (see :meth:`Funnel.gauges`), with how
        many alerts await acknowledgement and the sales rescued
        (:func:`.rescue_figures.read`; null while unknown)."""
        part = self.funnel.gauges(site, now)
        part["alerts"] = {"unacknowledged": self.alerts.unacknowledged(site.id)}
        part["rescues"] = self.rescue_figures.of(site, now)
        return {"commerce": part}

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        if conn.visit is not None:
            self.funnel.restore_cart(conn.site, conn.visit.visitor)

    def site_info(self, site: Site) -> SiteInfo:
        """A stored site as the live channel knows it."""
        info: SiteInfo | None = self.tracking.sites.by_key(site.public_key)
        if info is None:
            raise LookupError(site.public_key)
        return info


def init_app(app: Flask, tracking: Tracking) -> Commerce:
    """Plug commerce into ``tracking``: the page-type and payment-log steps, the event listener, the
    widget config, the snapshot part, cart restoring on connect and the tick. The app
    factory adds :data:`TILES` to the board (drawn from the snapshot's ``commerce``
    part; dashboard/src/tiles/)."""
    commerce = Commerce(tracking)
    app.extensions["sitetracker.commerce"] = commerce
    tracking.pipeline.steps = (*tracking.pipeline.steps, commerce.page_types,
                               commerce.payments)
    tracking.pipeline.listeners.append(commerce.on_event)
    tracking.hooks.config.append(commerce.definitions.config)
    tracking.hooks.snapshot.append(commerce.snapshot)
    tracking.hooks.shopper_connected.append(commerce.shopper_connected)
    tracking.hooks.tick.append(commerce.alerts.tick)
    tracking.hooks.tick.append(commerce.rescues.tick)
    tracking.hooks.reseed.extend([commerce.funnel.forget_seeds, commerce.alerts.forget_seeds])
    return commerce
