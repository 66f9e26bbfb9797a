"""The live view's events on a site's live channel, one ``on_<event>`` method each of
:class:`WatchEvents`, a part of the site namespace
(:class:`~sitetracker.channel.SiteNamespace`); docs/protocol.md ("Live view")
lists them with their shapes. Admins' events are guarded like messaging's (a live
token, a rate limit); shoppers' frames have their own budget per shopper
(:data:`.service.BUDGET_FRAMES`), apart from their page's events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import request

from ..live.connections import Connection
from ..live.handlers import socket_event
from ..live.refused import Refused
from ..messaging import alerts
from ..messaging.schemas import ChatOpenSchema
from ..messaging.socket import admin
from .recordings import has_recording
from .schemas import AlertSchema, AlertsSchema, PieceSchema, RefSchema

if TYPE_CHECKING:
    from ..tracking import Tracking
    from .service import Watch


def _sid() -> str:
    return str(request.sid)  # type: ignore[attr-defined]


def _shopper(conn: Connection) -> Connection:
    if conn.kind != "shopper" or conn.visit is None:
        raise Refused(403, "only shoppers' pages may do this")
    return conn


class WatchEvents:
    """The live view's events: watching a shopper and replaying a lead-up (admins),
    the pages' pieces (shoppers). Each gets the sender's connection and the payload."""

    tracking: Tracking
    watch: Watch

    # -- admins -----------------------------------------------------------------------
    @socket_event
    def on_watch_start(self, conn: Connection, data: Any) -> Any:
        """``{"ref"}`` or ``{"alert": id}`` -> ``{"ref", "until"}``"""
        admin(conn)
        loaded = ChatOpenSchema().load(data)  # {"ref"} or {"alert"}, as chat_history
        ref = loaded.get("ref") or alerts.visitor_hash_of(conn.site, loaded["alert"])
        return self.watch.start(conn.site, _sid(), ref)

    @socket_event
    def on_watch_stop(self, conn: Connection, data: Any) -> Any:
        """``{"ref"}`` -> ``{"ok": true}``"""
        admin(conn)
        ref = RefSchema().load(data)["ref"]
        self.watch.stop(conn.site, _sid(), ref)
        return {"ok": True}

    @socket_event
    def on_watch_replay(self, conn: Connection, data: Any) -> Any:
        """``{"alert"}`` -> ``{"alert", "events"}``"""
        admin(conn)
        alert = AlertSchema().load(data)["alert"]
        return self.watch.replay(conn.site, alert)

    @socket_event
    def on_watch_recordings(self, conn: Connection, data: Any) -> Any:
        """``{"alerts": [ids]}`` -> ``{"alerts": [those with a recording]}``"""
        admin(conn)
        alerts = AlertsSchema().load(data)["alerts"]
        return {"alerts": sorted(has_recording(conn.site.id, alerts))}

    # -- shoppers ---------------------------------------------------------------------
    @socket_event
    def on_watch_events(self, conn: Connection, data: Any) -> Any:
        """``{"p", "d", "more"}`` -> ``{"ok"}``, with ``"stop": true`` when nobody watches"""
        return self.watch.relay(_shopper(conn), _sid(), PieceSchema().load(data))

    @socket_event
    def on_watch_lead(self, conn: Connection, data: Any) -> Any:
        """``{"alert", "p", "d", "more"}`` -> ``{"ok"}`` once stored"""
        return self.watch.lead(_shopper(conn), _sid(), PieceSchema().load(data))
