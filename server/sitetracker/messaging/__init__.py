"""Messaging: admins speak to one shopper (a chat) or to many (a broadcast).

* :mod:`.chat` keeps conversations with one shopper, delivery and seen states, and who
  left; :mod:`.broadcasts` sends a message to the shoppers of a site, now or later;
* :mod:`.alerts` gives the admin overlay the alerts not yet acknowledged;
* :mod:`.socket` holds the live channel's events; :mod:`.schemas` bounds what they
  carry; :mod:`.state` is the part kept in the live store; :mod:`.models` what is stored.

:func:`init_app` plugs them into the tracking services through their seams. The admin
pages live with the others (``web/messaging.py``); the shopper's side is the widget's
chat chunk (``widget/src/chat/``), the admin's the overlay (``admin-overlay/``).
Events and shapes: docs/protocol.md, "Messaging".
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..domain import Event, Visit
from ..live.connections import Connection
from .broadcasts import Broadcasts
from .chat import Chat
from .socket import MessagingSocket
from .state import MessagingState

if TYPE_CHECKING:
    from flask import Flask

    from ..commerce.rescues import Rescues
    from ..tracking import Tracking

log = logging.getLogger(__name__)

class Messaging:
    """Messaging's services of one app (``app.extensions["sitetracker.messaging"]``)."""

    def __init__(self, tracking: Tracking, rescues: Rescues | None = None) -> None:
        self.tracking = tracking
        self.state = MessagingState(tracking.live.store, tracking.live.prefix)
        self.chat = Chat(tracking, self.state, rescues)
        self.broadcasts = Broadcasts(tracking, self.state, rescues)

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        self.chat.shopper_connected(conn, sid)
        self.broadcasts.shopper_connected(conn, sid)

    def on_event(self, visit: Visit, event: Event, now: float) -> None:
        """The pipeline listener; a failure is logged and ingestion goes on."""
        try:
            self.broadcasts.on_event(visit, event, now)
        except Exception:
            log.exception("messaging could not look at a %s event", event.name)


def init_app(app: Flask, tracking: Tracking) -> Messaging:
    """Plug messaging into ``tracking``: socket events, the page-view listener, what a
    shopper's page gets on connect, and the tick. With commerce installed (first), a
    chat message and a broadcast reaching a shopper count as helping them (its
    rescues)."""
    commerce = app.extensions.get("sitetracker.commerce")
    messaging = Messaging(tracking, commerce.rescues if commerce is not None else None)
    app.extensions["sitetracker.messaging"] = messaging
    MessagingSocket(messaging).register(tracking.hooks.socket)
    tracking.pipeline.listeners.append(messaging.on_event)
    tracking.hooks.shopper_connected.append(messaging.shopper_connected)
    tracking.hooks.tick.append(messaging.broadcasts.tick)
    tracking.hooks.tick.append(messaging.chat.tick)
    return messaging
