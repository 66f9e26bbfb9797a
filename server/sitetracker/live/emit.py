"""The one place that sends anything to browsers over the live channel.

Rooms within a site's namespace ``/site/<key>``: ``admins`` (dashboards and overlays),
``board:<worker>`` (the admins connected to one worker, which pushes them its
snapshots), ``shoppers`` (every widget), ``visitor:<id>`` (one shopper's pages). With
Redis configured, Flask-SocketIO's message queue carries each emit to every worker.
"""

from __future__ import annotations

from typing import Any

from ..domain import SiteInfo

ADMINS = "admins"
SHOPPERS = "shoppers"


def visitor_room(visitor: str) -> str:
    return f"visitor:{visitor}"


def board_room(worker: str) -> str:
    return f"board:{worker}"


class Emitter:
    def __init__(self, socketio: Any, worker: str) -> None:
        self.socketio = socketio
        self.worker = worker

    def to_board(self, site: SiteInfo, event: str, data: Any) -> None:
        """To the admins connected to this worker only (each worker pushes its own)."""
        self.socketio.emit(event, data, to=board_room(self.worker), namespace=site.namespace)

    def to_admins(self, site: SiteInfo, event: str, data: Any) -> None:
        self.socketio.emit(event, data, to=ADMINS, namespace=site.namespace)

    def to_shoppers(self, site: SiteInfo, event: str, data: Any) -> None:
        self.socketio.emit(event, data, to=SHOPPERS, namespace=site.namespace)

    def to_visitor(self, site: SiteInfo, visitor: str, event: str, data: Any) -> None:
        self.socketio.emit(event, data, to=visitor_room(visitor), namespace=site.namespace)

    def to_visitors(self, site: SiteInfo, visitors: list[str], event: str, data: Any,
                    chunk: int = 500) -> None:
        """To several shoppers' pages: one emit per ``chunk`` visitor rooms."""
        rooms = [visitor_room(v) for v in visitors]
        for start in range(0, len(rooms), chunk):
            self.socketio.emit(event, data, to=rooms[start:start + chunk],
                               namespace=site.namespace)

    def to_sid(self, site: SiteInfo, sid: str, event: str, data: Any) -> None:
        self.socketio.emit(event, data, to=sid, namespace=site.namespace)
