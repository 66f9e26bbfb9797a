"""Messaging's events on a site's live channel (``/site/<key>``), one ``on_<event>``
method each of :class:`MessagingEvents`, a part of the site namespace
(:class:`~sitetracker.channel.SiteNamespace`). docs/protocol.md ("Messaging")
lists them with their shapes.

Every handler answers an acknowledgement: what was asked for, or
``{"error": {"status", "message", "fields"}}``; status 503 (with ``retry_after``) when
the database did not take what was sent, which then was not sent on either
(:func:`~sitetracker.live.handlers.socket_event`). Admins' tokens are checked again on
every event (one that expired since the connection opened is refused); viewers read but
never send.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from marshmallow import Schema

from ..live.connections import Connection
from ..live.handlers import socket_event
from ..live.refused import Refused
from . import alerts
from .schemas import (
    BroadcastSchema,
    ChatOpenSchema,
    ChatSendSchema,
    IdSchema,
    IdsSchema,
    PrefsSchema,
    ReplySchema,
)

if TYPE_CHECKING:
    from ..tracking import Tracking
    from . import Messaging


def _load(schema: Schema, data: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = schema.load(data)
    return loaded


def admin(conn: Connection, write: bool = False) -> Connection:
    """``conn`` if it is an admin's, with a live token (and not a viewer's, to write)."""
    if conn.kind != "admin":
        raise Refused(403, "only admins' pages may do this")
    if not conn.limit.take(1):
        raise Refused(429, "too many requests: slow down")
    if conn.expires and time.time() >= conn.expires:
        raise Refused(401, "admin token expired: reload the page for a new one")
    if write and conn.role == "viewer":
        raise Refused(403, "viewers can read but not send")
    return conn


def shopper(conn: Connection) -> Any:
    """The shopper's visit, if ``conn`` is a (counted) shopper's page."""
    if conn.kind != "shopper" or conn.visit is None:
        raise Refused(403, "only shoppers' pages may do this")
    if not conn.limit.take(1):
        raise Refused(429, "too many requests: slow down")
    return conn.visit


class MessagingEvents:
    """Messaging's events: chats, broadcasts and alerts (admins), replies and receipts
    (shoppers). Each gets the sender's connection and the payload."""

    tracking: Tracking
    messaging: Messaging

    # -- admins: chat ---------------------------------------------------------------
    @socket_event
    def on_chat_send(self, conn: Connection, data: Any) -> Any:
        """``{"ref", "text"}`` -> ``{"ref", "message", "live"}``"""
        admin(conn, write=True)
        loaded = _load(ChatSendSchema(), data)
        return self.messaging.chat.send(conn.site, conn, loaded["ref"], loaded["text"])

    @socket_event
    def on_chat_history(self, conn: Connection, data: Any) -> Any:
        """``{"ref"}`` or ``{"alert": id}`` -> ``{"ref", "messages", "live", "known",
        "shopper"}``"""
        admin(conn)
        loaded = _load(ChatOpenSchema(), data)
        ref = loaded.get("ref") or alerts.visitor_hash_of(conn.site, loaded["alert"])
        return self.messaging.chat.history(conn.site, ref)

    @socket_event
    def on_chat_list(self, conn: Connection, data: Any) -> Any:
        """-> ``{"conversations": [...]}``"""
        admin(conn)
        return {"conversations": self.messaging.chat.conversations(conn.site)}

    # -- admins: broadcasts ---------------------------------------------------------
    @socket_event
    def on_broadcast_send(self, conn: Connection, data: Any) -> Any:
        """``{"text", "path"?, "device"?, "country"?, "starts_at"?, "expires_at"?}`` ->
        ``{"broadcast"}``"""
        admin(conn, write=True)
        loaded = _load(BroadcastSchema(), data)
        return {"broadcast": self.messaging.broadcasts.create(conn.site, loaded, conn.name)}

    @socket_event
    def on_broadcast_cancel(self, conn: Connection, data: Any) -> Any:
        """``{"id"}`` -> ``{"broadcast"}``"""
        admin(conn, write=True)
        loaded = _load(IdSchema(), data)
        return {"broadcast": self.messaging.broadcasts.cancel(conn.site, loaded["id"],
                                                                   conn.name)}

    @socket_event
    def on_broadcast_list(self, conn: Connection, data: Any) -> Any:
        """-> ``{"broadcasts": [...]}`` (active and scheduled)"""
        admin(conn)
        return {"broadcasts": self.messaging.broadcasts.listing(conn.site)}

    # -- admins: alerts -------------------------------------------------------------
    @socket_event
    def on_alerts_pending(self, conn: Connection, data: Any) -> Any:
        """-> ``{"alerts": [...], "prefs": {"sales"}}``: those waiting for
        acknowledgement (never sales), newest first, and how this admin wants sales
        shown"""
        admin(conn)
        return {"alerts": alerts.pending(conn.site), "prefs": alerts.preferences(conn.name)}

    @socket_event
    def on_alert_ack(self, conn: Connection, data: Any) -> Any:
        """``{"id"}`` -> ``{"alert"}``"""
        admin(conn, write=True)
        loaded = _load(IdSchema(), data)
        return {"alert": alerts.acknowledge(conn.site, loaded["id"], conn.name)}

    @socket_event
    def on_alert_prefs(self, conn: Connection, data: Any) -> Any:
        """``{"sales": "modal"|"toast"}`` -> ``{"prefs": {"sales"}}``: stored for this
        admin (by name: a user's e-mail or a token's subject); viewers too, it is theirs"""
        admin(conn)
        loaded = _load(PrefsSchema(), data)
        tracking = self.tracking
        return {"prefs": alerts.set_preferences(conn.name, loaded["sales"],
                                                tracking.write_path, tracking.clock.now())}

    # -- shoppers -------------------------------------------------------------------
    @socket_event
    def on_chat_reply(self, conn: Connection, data: Any) -> Any:
        """``{"text"}`` -> ``{"message"}``"""
        visit = shopper(conn)
        loaded = _load(ReplySchema(), data)
        return self.messaging.chat.reply(visit, loaded["text"])

    @socket_event
    def on_chat_delivered(self, conn: Connection, data: Any) -> Any:
        """``{"ids"}`` -> ``{"ok": <newly marked>}``"""
        visit = shopper(conn)
        loaded = _load(IdsSchema(), data)
        return {"ok": len(self.messaging.chat.mark(visit, loaded["ids"], "delivered"))}

    @socket_event
    def on_chat_seen(self, conn: Connection, data: Any) -> Any:
        """``{"ids"}`` -> ``{"ok": <newly marked>}``"""
        visit = shopper(conn)
        loaded = _load(IdsSchema(), data)
        return {"ok": len(self.messaging.chat.mark(visit, loaded["ids"], "seen"))}

    @socket_event
    def on_broadcast_dismiss(self, conn: Connection, data: Any) -> Any:
        """``{"id"}`` -> ``{"ok": true}``"""
        visit = shopper(conn)
        loaded = _load(IdSchema(), data)
        self.messaging.broadcasts.dismiss(visit, loaded["id"])
        return {"ok": True}
