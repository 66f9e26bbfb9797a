"""The Socket.IO namespace of every site, ``/site/<public key>``.

Who may connect:

* a shopper's widget, from a page on one of the site's domains (checked on Origin),
  saying who it is (``auth={"v": visitor, "s": session, "ret": 0|1}``);
* an admin, with a signed, expiring admin token for that site (``auth={"token": ...}``)
  or with the dashboard's login session (``auth={"admin": true}``) from our own origin.

Anything else is refused at connect. Admins join the room ``admins``; shoppers join
``shoppers`` and ``visitor:<id>``. Shoppers send events with ``ev``; each connection has
its own rate limit, and a handler always yields before returning, so one client sending
without pause cannot starve the others.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flask import request, session
from flask_socketio import ConnectionRefusedError, Namespace, join_room
from marshmallow import ValidationError

from ..auth.tokens import TokenError, verify_admin_token
from ..ingest.pipeline import DROP_THROTTLED, Result, presence_of
from ..ingest.schemas import IdentitySchema, load_events
from ..ingest.visit import Drop, identify
from ..schemas import first_errors
from ..storage.failures import DATABASE_AWAY, StorageUnavailable
from ..unavailable import ack as unavailable_ack
from .connections import Connection
from .directory import SiteDirectory, SiteInfo, site_key_of
from .emit import ADMINS, SHOPPERS, board_room, visitor_room

if TYPE_CHECKING:
    from ..tracking import Tracking

log = logging.getLogger(__name__)
_identity = IdentitySchema()


def _sid() -> str:
    """The current socket's id (Flask-SocketIO sets it on the request)."""
    return str(request.sid)  # type: ignore[attr-defined]


def _namespace() -> str:
    return str(request.namespace)  # type: ignore[attr-defined]


def error_reply(status: int, message: str, fields: dict[str, str] | None = None
                ) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


class SiteNamespace(Namespace):
    """Handles every ``/site/<key>`` namespace (registered as the catch-all ``*``)."""

    def __init__(self, directory: SiteDirectory, tracking: Tracking, own_origin: str) -> None:
        super().__init__("*")
        self.directory = directory
        self.tracking = tracking
        self.own_origin = own_origin.rstrip("/")

    def trigger_event(self, event: str, *args: Any) -> Any:
        # As the catch-all namespace we receive (namespace, sid, *data); route to
        # on_<event> with the real namespace so Flask's request context is right.
        namespace, sid, *rest = args
        handler = getattr(self, "on_" + (event or ""), None)
        if handler is None:
            feature = self.tracking.hooks.socket.get(event or "")
            if feature is None:
                return None
            handler = self._feature_handler(feature)
        return self.socketio._handle_event(handler, event, namespace, sid, *rest)

    def _feature_handler(self, feature: Any) -> Any:
        """Wrap a feature's ``handler(conn, data)`` as a plain event handler."""

        def handle(data: Any = None) -> Any:
            conn = self.tracking.connections.by_sid.get(_sid())
            if conn is None:
                return error_reply(403, "not connected")
            try:
                return feature(conn, data)
            finally:
                self.tracking.socketio.sleep(0)

        return handle

    # -- connection ----------------------------------------------------------------
    def on_connect(self, auth: Any = None) -> None:
        key = site_key_of(_namespace())
        site = self.directory.by_key(key) if key else None
        if site is None:
            raise ConnectionRefusedError("unknown site key")
        auth = auth if isinstance(auth, dict) else {}
        if "token" in auth:
            conn = self._admin_by_token(site, auth["token"])
        elif auth.get("admin"):
            conn = self._admin_by_session(site)
        else:
            conn = self._shopper(site, auth)
        tracking = self.tracking
        if not tracking.settings.testing:
            tracking.start()
        first = tracking.connections.add(_sid(), conn)
        if conn.kind == "admin":
            join_room(ADMINS)
            join_room(board_room(tracking.worker))
            tracking.last_pushed.pop(site.id, None)  # everyone here gets a whole one next
            tracking.emitter.to_sid(site, _sid(), "live", tracking.snapshot(site))
            for hook in tracking.hooks.admin_connected:
                self._quietly(hook, conn)
            return
        join_room(SHOPPERS)
        if conn.visit is not None:
            join_room(visitor_room(conn.visit.visitor))
            if first:
                now = tracking.clock.now()
                tracking.seed(site)
                tracking.live.connected(site.id, presence_of(conn.visit, now), now)
        try:
            tracking.emitter.to_sid(site, _sid(), "config", tracking.config(site))
        except DATABASE_AWAY:
            log.warning("no config for a shopper of site %s: the database is away", site.id)
        for hook in tracking.hooks.shopper_connected:
            self._quietly(hook, conn)

    def _quietly(self, hook: Any, conn: Connection) -> None:
        """A feature's work at connect; if it needs the database and the database is
        away, the page still connects (and its events are still counted)."""
        try:
            hook(conn, _sid())
        except DATABASE_AWAY:
            log.warning("%s skipped: the database is away", getattr(hook, "__name__", hook))

    def on_disconnect(self, reason: Any = None) -> None:
        conn, last = self.tracking.connections.remove(_sid())
        if conn is not None and last and conn.visit is not None:
            self.tracking.live.disconnected(conn.site.id, conn.visit.visitor,
                                            self.tracking.clock.now())

    def _admin_by_token(self, site: SiteInfo, token: Any) -> Connection:
        try:
            claims = verify_admin_token(token, site.secret, site.key)
        except TokenError as exc:
            raise ConnectionRefusedError(f"admin token refused: {exc}") from None
        return Connection(site, "admin", claims.role, claims.sub, expires=float(claims.exp))

    def _admin_by_session(self, site: SiteInfo) -> Connection:
        origin = request.headers.get("Origin")
        if origin and origin.rstrip("/") != self.own_origin:
            raise ConnectionRefusedError("admin sessions connect only from the dashboard")
        user_id = session.get("uid")
        stamp = str(session.get("pw", ""))
        role = self.directory.user_role(site, user_id, stamp) if isinstance(user_id, int) else None
        if role is None:
            raise ConnectionRefusedError("not allowed on this site")
        return Connection(site, "admin", role, str(session.get("name", "")))

    def _shopper(self, site: SiteInfo, auth: dict[str, Any]) -> Connection:
        if not site.allows_origin(request.headers.get("Origin")):
            raise ConnectionRefusedError("this page's domain is not allowed for the site")
        try:
            identity = _identity.load(auth)
        except ValidationError as exc:
            fields = first_errors(exc)
            name = next(iter(fields))
            raise ConnectionRefusedError(f"auth.{name}: {fields[name]}") from None
        trusted = request.headers if self.tracking.settings.trusted_proxies else None
        visit = identify(site, identity, request.headers.get("User-Agent", ""),
                         request.remote_addr, self.tracking.geo, trusted)
        # Bots are let in (so they do not retry) but never counted.
        return Connection(site, "shopper", visit=None if isinstance(visit, Drop) else visit)

    # -- events ----------------------------------------------------------------------
    def on_ev(self, data: Any = None) -> dict[str, Any]:
        tracking = self.tracking
        try:
            conn = tracking.connections.by_sid.get(_sid())
            if conn is None or conn.kind != "shopper":
                return error_reply(403, "only shoppers' pages send events")
            try:
                events = load_events(data)
            except ValidationError as exc:
                return error_reply(400, "invalid event", {
                    f"ev.{k}": v for k, v in first_errors(exc).items()})
            granted = conn.limit.take(len(events))
            result = Result()
            if conn.visit is None:
                result.dropped["bot"] += granted
            elif granted:
                try:
                    result = tracking.pipeline.run(conn.visit, events[:granted])
                except StorageUnavailable as exc:
                    return unavailable_ack(exc)  # nothing stored: the widget sends again
            if granted < len(events):
                result.dropped[DROP_THROTTLED] += len(events) - granted
                if conn.limit.should_warn():
                    tracking.emitter.to_sid(conn.site, _sid(), "throttled",
                                            {"retry_in": 1})
            return result.as_json()
        finally:
            tracking.socketio.sleep(0)
