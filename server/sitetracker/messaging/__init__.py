"""Messaging: admins speak to one shopper (a chat) or to many (a broadcast).

* :mod:`.chat` keeps conversations with one shopper, delivery and seen states, and who
  left; :mod:`.broadcasts` sends a message to the shoppers of a site, now or later;
* :mod:`.alerts` gives the admin overlay the alerts not yet acknowledged;
* :mod:`.socket` holds the live channel's events (a part of the site namespace);
  :mod:`.schemas` bounds what they carry; :mod:`.state` is the part kept in the live
  store; :mod:`.models` what is stored.

:class:`Messaging` is the feature the app factory plugs in; :func:`init_app` makes it
and adds its pipeline listener. The admin pages live with the others
(``web/messaging.py``); the shopper's side is the widget's chat chunk
(``widget/src/chat/``), the admin's the overlay (``admin-overlay/``). Events and
shapes: docs/protocol.md, "Messaging".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..domain import Event, Visit
from ..feature import Feature
from ..live.connections import Connection
from .broadcasts import Broadcasts
from .chat import Chat
from .state import MessagingState

if TYPE_CHECKING:
    from flask import Flask

    from ..commerce.rescues import Rescues
    from ..tracking import Tracking

log = logging.getLogger(__name__)

class Messaging(Feature):
    """Messaging's services of one app (``app.extensions["sitetracker.messaging"]``): a
    shopper's page gets its conversation and broadcasts on connect; every tick announces
    broadcasts due and tells admins which shoppers of recent conversations left."""

    def __init__(self, tracking: Tracking, rescues: Rescues | None = None) -> None:
        self.tracking = tracking
        self.state = MessagingState(tracking.store, tracking.live.prefix)
        self.chat = Chat(tracking, self.state, rescues)
        self.broadcasts = Broadcasts(tracking, self.state, rescues)

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        self.chat.shopper_connected(conn, sid)
        self.broadcasts.shopper_connected(conn, sid)

    def tick(self, now: float) -> None:
        try:
            self.broadcasts.tick(now)
        finally:  # one failing does not hold the other back
            self.chat.tick(now)

    def on_event(self, visit: Visit, event: Event, now: float) -> None:
        """The pipeline reaction; a failure is logged and ingestion goes on."""
        try:
            self.broadcasts.on_event(visit, event, now)
        except Exception:
            log.exception("messaging could not look at a %s event", event.name)


def init_app(app: Flask, tracking: Tracking, rescues: Rescues | None = None) -> Messaging:
    """Messaging for ``tracking`` (the app factory puts :meth:`Messaging.on_event` in the
    pipeline's reactions). With commerce's ``rescues``, a chat message and a broadcast
    reaching a shopper count as helping them."""
    messaging = Messaging(tracking, rescues)
    app.extensions["sitetracker.messaging"] = messaging
    return messaging
