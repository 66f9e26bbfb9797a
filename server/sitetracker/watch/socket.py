"""The live view's events on a site's live channel, one ``on_<event>`` method each;
docs/protocol.md ("Live view") lists them with their shapes. Admins' events are
guarded like messaging's (a live token, a rate limit); shoppers' frames have their own
budget per shopper (:data:`.service.BUDGET_FRAMES`), apart from their page's events.
"""

from __future__ import annotations

from typing import Any

from flask import request

from ..live.connections import Connection
from ..messaging import alerts
from ..messaging.errors import Refused
from ..messaging.schemas import ChatOpenSchema
from ..messaging.socket import Handler, admin, register_handlers
from .recordings import has_recording
from .schemas import AlertSchema, AlertsSchema, PieceSchema, RefSchema
from .service import Watch


def _sid() -> str:
    return str(request.sid)  # type: ignore[attr-defined]


def _shopper(conn: Connection) -> Connection:
    if conn.kind != "shopper" or conn.visit is None:
        raise Refused(403, "only shoppers' pages may do this")
    return conn


class WatchSocket:
    def __init__(self, watch: Watch) -> None:
        self.watch = watch

    def register(self, hooks: dict[str, Handler]) -> None:
        register_handlers(self, hooks)

    # -- admins -----------------------------------------------------------------------
    def on_watch_start(self, conn: Connection, data: Any) -> Any:
        """``{"ref"}`` or ``{"alert": id}`` -> ``{"ref", "until"}``"""
        admin(conn)
        loaded = ChatOpenSchema().load(data)  # {"ref"} or {"alert"}, as chat_history
        ref = loaded.get("ref") or alerts.visitor_hash_of(conn.site, loaded["alert"])
        return self.watch.start(conn.site, _sid(), ref)

    def on_watch_stop(self, conn: Connection, data: Any) -> Any:
        """``{"ref"}`` -> ``{"ok": true}``"""
        admin(conn)
        ref = RefSchema().load(data)["ref"]
        self.watch.stop(conn.site, _sid(), ref)
        return {"ok": True}

    def on_watch_replay(self, conn: Connection, data: Any) -> Any:
        """``{"alert"}`` -> ``{"alert", "events"}``"""
        admin(conn)
        alert = AlertSchema().load(data)["alert"]
        return self.watch.replay(conn.site, alert)

    def on_watch_recordings(self, conn: Connection, data: Any) -> Any:
        """``{"alerts": [ids]}`` -> ``{"alerts": [those with a recording]}``"""
        admin(conn)
        alerts = AlertsSchema().load(data)["alerts"]
        return {"alerts": sorted(has_recording(conn.site.id, alerts))}

    # -- shoppers ---------------------------------------------------------------------
    def on_watch_events(self, conn: Connection, data: Any) -> Any:
        """``{"p", "d", "more"}`` -> ``{"ok"}``, with ``"stop": true`` when nobody watches"""
        return self.watch.relay(_shopper(conn), _sid(), PieceSchema().load(data))

    def on_watch_lead(self, conn: Connection, data: Any) -> Any:
        """``{"alert", "p", "d", "more"}`` -> ``{"ok"}`` once stored"""
        return self.watch.lead(_shopper(conn), _sid(), PieceSchema().load(data))
