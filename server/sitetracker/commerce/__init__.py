"""Commerce: the funnel, carts at risk, sales, custom events, alert rules and alerts, and
the payment-error log.

* :mod:`.state` keeps the live part (who reached which stage today, carts, a shopper's
  last pages and errors, rule counters) in the live store;
* :mod:`.funnel` records what each event changes and computes the snapshot's gauges;
* :mod:`.rules` and :mod:`.alerts` define and apply the alert rules, and raise sale
  alerts; :mod:`.rescues` decides how each emergency ended (rescued, recovered, lost)
  and :mod:`.rescue_figures` keeps the sales rescued (read by
  :mod:`sitetracker.reports.rescues`); :mod:`.events` holds the
  custom event definitions widgets receive;
* :mod:`.page_types` is the pipeline step naming the kind of page a shopper is on;
* :mod:`.payments` is the pipeline step writing the payment-error log (and stripping
  shoppers' contact from everything after it);
* :mod:`.models` what is stored; what is read back (abandonment history, alerts, the
  payment-error log, rescue figures) is in :mod:`sitetracker.reports`.

:class:`Commerce` is the feature the app factory plugs in; :func:`init_app` makes it
and adds its pipeline steps and listener. The HTTP routes live with the others:
``api/alerts.py``, ``api/commerce.py``, ``web/commerce.py``. Definitions and shapes:
docs/commerce.md.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from peewee import PeeweeException

from ..domain import Event, SiteInfo, Visit, Write
from ..feature import Feature
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
from .rescue_figures import ReadFigures, RescueFigures
from .rescues import Rescues
from .rules import RuleBook
from .state import CommerceState

if TYPE_CHECKING:
    from flask import Flask

    from ..tracking import Tracking

log = logging.getLogger(__name__)
SETTLE_CART = 600  # seconds a cart is kept after its thank-you page
# The board tiles commerce draws, in the order the board's add menu lists them: the
# funnel, money at risk, abandonment, custom events, shoppers by page type and the sales
# rescued.
TILES = ("funnel", "carts", "abandonment", "events", "page_types", "rescues")


class Commerce(Feature):
    """Commerce's services of one app (``app.extensions["sitetracker.commerce"]``): the
    widget's custom event definitions, the snapshot's ``commerce`` part, a shopper's cart
    restored on connect, and on every tick the live-users rules and lost emergencies."""

    def __init__(self, tracking: Tracking, read_rescues: ReadFigures) -> None:
        self.tracking = tracking
        self.state = CommerceState(tracking.store, tracking.live.prefix)
        self.rules = RuleBook()
        self.definitions = Definitions()
        self.funnel = Funnel(tracking, self.state)
        self.alerts = Alerts(tracking, self.state, self.rules)
        self.payments = PaymentLog(self.state, tracking.clock)
        self.page_types = PageTypes()
        self.rescue_figures = RescueFigures(read_rescues)
        self.rescues = Rescues(tracking, self.rescue_figures)

    def on_event(self, visit: Visit, event: Event, now: float) -> list[Write]:
        """The pipeline reaction: funnel first, then rules (which see the cart), then a
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
        (:func:`sitetracker.reports.rescues.figures`; null while unknown)."""
        part = self.funnel.gauges(site, now)
        part["alerts"] = {"unacknowledged": self.alerts.unacknowledged(site.id)}
        part["rescues"] = self.rescue_figures.of(site, now)
        return {"commerce": part}

    def config(self, site: SiteInfo) -> dict[str, Any]:
        return self.definitions.config(site)

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        if conn.visit is not None:
            self.funnel.restore_cart(conn.site, conn.visit.visitor)

    def tick(self, now: float) -> None:
        try:
            self.alerts.tick(now)
        finally:  # one failing does not hold the other back
            self.rescues.tick(now)

    def forget_seeds(self) -> None:
        self.funnel.forget_seeds()
        self.alerts.forget_seeds()

    def site_info(self, site: Site) -> SiteInfo:
        """A stored site as the live channel knows it."""
        info: SiteInfo | None = self.tracking.sites.by_key(site.public_key)
        if info is None:
            raise LookupError(site.public_key)
        return info


def init_app(app: Flask, tracking: Tracking, read_rescues: ReadFigures) -> Commerce:
    """Commerce for ``tracking``. The app factory plugs it in, puts its pipeline steps
    (:attr:`Commerce.page_types`, :attr:`Commerce.payments`) and its reaction
    (:meth:`Commerce.on_event`) in the pipeline's list, and adds :data:`TILES` to the
    board (drawn from the snapshot's ``commerce`` part; dashboard/src/tiles/).
    ``read_rescues`` reads a site's rescue figures from storage (the read model)."""
    commerce = Commerce(tracking, read_rescues)
    app.extensions["sitetracker.commerce"] = commerce
    return commerce
