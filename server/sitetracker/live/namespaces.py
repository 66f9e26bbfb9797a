"""The Socket.IO namespace of every site, ``/site/<public key>``.

Who may connect:

* a shopper's widget, from a page on one of the site's domains (checked on Origin),
  saying who it is (``auth={"v": visitor, "s": session, "ret": 0|1}``);
* an admin, with a signed, expiring admin token for that site (``auth={"token": ...}``)
  or with the dashboard's login session (``auth={"admin": true}``) from our own origin.

Anything else is refused at connect. An admin's grant is asked again before each of its
events (:class:`~.guard.AdminGuard`): once its session, role or token's secret ended,
the event is refused and the socket closed. Admins join the room ``admins``; shoppers join
``shoppers`` and ``visitor:<id>``. Shoppers send events with ``ev``; each connection has
its own rate limit, and a handler always yields before returning, so one client sending
without pause cannot starve the others.

Clients send only the events of the site namespace, its ``on_<event>`` methods:
``ev`` (a shopper's page's events, below, in :class:`LiveNamespace`), and the features'
(messaging's chats, broadcasts and alerts, the live view's), one payload each: the
namespace the app registers is :class:`sitetracker.channel.SiteNamespace`, this class
with the features' parts. Reserved names (``connect``, ``disconnect``), other names and
malformed frames (:class:`LivePacket`, :func:`frame_fault`, below) get an error
acknowledgement and change nothing. The features' events run through
:func:`~.handlers.socket_event` (the sender's connection and grant checked, refusals
answered, then a yield).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import request, session
from flask_socketio import ConnectionRefusedError, Namespace, join_room
from marshmallow import ValidationError
from socketio import packet

from ..auth.tokens import TokenError, verify_admin_token
from ..domain import Drop, Event, SiteInfo
from ..error_shape import error_body
from ..ingest.pipeline import presence_of, put_page
from ..ingest.schemas import IdentitySchema, load_events
from ..ingest.visit import identify
from ..install import page_of
from ..install.sightings import OVERLAY, WIDGET
from ..limits import AddressLimits
from ..storage.failures import DATABASE_AWAY, StorageUnavailable
from ..unavailable import ack as unavailable_ack
from ..validation import first_errors
from .connections import BURST_SECONDS, AdminGrant, Connection, RateLimit
from .directory import SiteDirectory, secret_stamp, site_key_of
from .emit import ADMINS, SHOPPERS, board_room, visitor_room
from .requests import mark_live

if TYPE_CHECKING:
    from ..tracking import Tracking

log = logging.getLogger(__name__)
_identity = IdentitySchema()


# -- a client's frame: what it may be, and the answer to one that is not ----------------
# python-socketio raises on a frame it cannot decode (bad JSON, nesting past the parser's
# recursion limit) before any handler runs, so the client never hears why. Our
# :class:`LivePacket` (the server's packet class) turns such a frame, and one over
# :data:`MAX_FRAME` characters, into the event :data:`MALFORMED` carrying the reason;
# the namespace answers it, like an undeclared event, a reserved name or a wrong number
# of arguments, with an error acknowledgement when the frame has an ack id. The socket
# stays open and nothing else is touched.
MAX_FRAME = 64 * 1024  # characters of one encoded frame
MAX_DEPTH = 32  # nesting of a payload's objects and lists
# The name a malformed frame is handed on with; a client sending it is told the same.
MALFORMED = "malformed frame"
# Names python-socketio uses for its own calls; a client may never send them.
RESERVED = frozenset({"connect", "disconnect", "connect_error"})


class LivePacket(packet.Packet):
    """A packet whose undecodable or oversized EVENT frames decode to ``MALFORMED``."""

    def decode(self, encoded_packet: Any) -> int:
        if isinstance(encoded_packet, str) and len(encoded_packet) > MAX_FRAME:
            return self._malformed(encoded_packet, f"over {MAX_FRAME // 1024} KB")
        try:
            count: int = super().decode(encoded_packet)
        except (ValueError, RecursionError) as exc:
            if not isinstance(encoded_packet, str):
                raise
            reason = ("nested too deeply" if isinstance(exc, RecursionError)
                      else "not valid JSON")
            return self._malformed(encoded_packet, reason)
        if (getattr(self, "packet_type", None) == packet.EVENT
                and not (isinstance(self.data, list) and self.data)):
            return self._malformed(encoded_packet, "an event is a list: [name, payload]")
        return count

    def _malformed(self, encoded: str, reason: str) -> int:
        """Decode the frame's head (type, namespace, ack id) and replace its data."""
        start = encoded.find("[")
        head = encoded if start == -1 else encoded[:start]
        if len(head) > 200:
            raise ValueError("malformed frame head")
        super().decode(head)  # raises if even the head is not a frame
        kind = getattr(self, "packet_type", None)
        if kind not in (packet.EVENT, packet.BINARY_EVENT):
            raise ValueError(f"malformed frame: {reason}")
        self.packet_type = packet.EVENT
        self.attachment_count = 0
        self.data = [MALFORMED, reason]
        return 0


def depth_of(value: Any) -> int:
    """How deeply ``value``'s objects and lists nest (0 for a plain value), without
    recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((inner, depth) for inner in
                         (item.values() if isinstance(item, dict) else item))
    return deepest


def frame_fault(event: Any, args: list[Any], declared: set[str] | frozenset[str]
                ) -> tuple[str, dict[str, str]] | None:
    """Why the frame ``event, *args`` cannot be handled: ``(message, fields)``, or None.

    ``declared`` is every event name the namespace handles.
    """
    if event == MALFORMED:
        reason = args[0] if args and isinstance(args[0], str) else "malformed"
        return "malformed frame", {"frame": reason}
    if not isinstance(event, str) or event not in declared or event in RESERVED:
        name = event[:40] if isinstance(event, str) else type(event).__name__
        return "unknown event", {"event": f"{name!r} is not an event of this channel"}
    if len(args) > 1:
        return "one payload per event", {"payload": f"{len(args)} arguments sent"}
    if args and depth_of(args[0]) > MAX_DEPTH:
        return "invalid input", {"payload": f"nested more than {MAX_DEPTH} levels"}
    return None


# -- the namespace ----------------------------------------------------------------------
def _sid() -> str:
    """The current socket's id (Flask-SocketIO sets it on the request)."""
    return str(request.sid)  # type: ignore[attr-defined]


def _namespace() -> str:
    return str(request.namespace)  # type: ignore[attr-defined]


def handler_failed(exc: BaseException) -> Any:
    """Any handler's unexpected error: logged; a connection is refused, an event gets a
    503 acknowledgement (retryable), and the socket stays open."""
    event = getattr(request, "event", None) or {}
    log.error("live channel %r failed: %r", event.get("message"), exc, exc_info=exc)
    if event.get("message") == "connect":
        return False
    return error_body(503, "the server could not handle this; try again")


class LiveNamespace(Namespace):
    """Handles every ``/site/<key>`` namespace (registered as the catch-all ``*``): its
    connections and ``ev`` here; a subclass adds the features' events
    (:class:`sitetracker.channel.SiteNamespace`)."""

    def __init__(self, directory: SiteDirectory, tracking: Tracking, own_origin: str,
                 limits: AddressLimits | None = None) -> None:
        super().__init__("*")
        self.limits = limits or AddressLimits(0, 0)
        self.directory = directory
        self.tracking = tracking
        self.own_origin = own_origin.rstrip("/")
        # Every event a client may send: the on_<event> methods of this class and of
        # the features' parts it is made with.
        self.events = frozenset(name.removeprefix("on_") for name in dir(type(self))
                                if name.startswith("on_")) - {"connect", "disconnect"}

    def trigger_event(self, event: str, *args: Any) -> Any:
        # As the catch-all namespace we receive (namespace, sid, *data); route to
        # on_<event> with the real namespace so Flask's request context is right. A
        # client's frame reaches a handler only if it names one of self.events.
        namespace, sid, *rest = args
        if event in ("connect", "disconnect") and not self._is_open(sid, namespace):
            # python-socketio's own call, while the socket connects or leaves; a
            # client's frame only ever arrives on an open socket.
            handler = getattr(self, "on_" + event)
            return self.socketio._handle_event(handler, event, namespace, sid, *rest)
        fault = frame_fault(event, rest, self.events)
        if fault is not None:
            message, fields = fault
            return error_body(400, message, fields)
        handler = getattr(self, "on_" + event)
        return self.socketio._handle_event(handler, event, namespace, sid, *rest)

    def _is_open(self, sid: str, namespace: str) -> bool:
        return bool(self.socketio.server.manager.is_connected(sid, namespace))

    # -- connection ----------------------------------------------------------------
    def on_connect(self, auth: Any = None) -> None:
        try:
            self._connect(auth)
        except BaseException:
            self.limits.close_socket(_sid())  # a refused socket holds no place
            raise

    def _connect(self, auth: Any) -> None:
        mark_live(request.environ)
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
            if conn.grant is not None:
                tracking.guard.opened(_sid(), _namespace(), conn.grant)
            join_room(ADMINS)
            join_room(board_room(tracking.worker))
            tracking.last_pushed.pop(site.id, None)  # everyone here gets a whole one next
            tracking.emitter.to_sid(site, _sid(), "live", tracking.snapshot(site))
            return
        join_room(SHOPPERS)
        if conn.visit is not None:
            join_room(visitor_room(conn.visit.visitor))
            conn.since = now = tracking.clock.now()
            if first:
                tracking.seed(site)
                tracking.live.connected(site.id, presence_of(conn.visit, now), now)
        try:
            tracking.emitter.to_sid(site, _sid(), "config", tracking.config(site))
        except DATABASE_AWAY:
            log.warning("no config for a shopper of site %s: the database is away", site.id)
        for feature in tracking.features:
            self._quietly(feature.shopper_connected, conn)

    def _quietly(self, work: Callable[[Connection, str], None], conn: Connection) -> None:
        """A feature's work at connect or leave; if it needs the database and the
        database is away, the page still connects (and its events are still counted)."""
        try:
            work(conn, _sid())
        except DATABASE_AWAY:
            log.warning("%s skipped: the database is away", getattr(work, "__qualname__", work))

    def on_disconnect(self, reason: Any = None) -> None:
        self.limits.close_socket(_sid())
        conn, last = self.tracking.connections.remove(_sid())
        if conn is not None and conn.kind == "admin":
            self.tracking.guard.closed(_sid())
        if conn is not None and last and conn.visit is not None:
            self.tracking.live.disconnected(conn.site.id, conn.visit.visitor,
                                            self.tracking.clock.now())
        if conn is not None:
            for feature in self.tracking.features:
                self._quietly(feature.disconnected, conn)

    def _admin_by_token(self, site: SiteInfo, token: Any) -> Connection:
        try:
            claims = verify_admin_token(token, site.secret, site.key)
        except TokenError as exc:
            raise ConnectionRefusedError(f"admin token refused: {exc}") from None
        grant = AdminGrant(site.id, claims.role, secret_stamp=secret_stamp(site.secret))
        self.tracking.install.seen(site.id, OVERLAY, page_of(
            request.headers.get("Referer") or request.headers.get("Origin") or ""))
        return Connection(site, "admin", claims.role, claims.sub, expires=float(claims.exp),
                          grant=grant)

    def _admin_by_session(self, site: SiteInfo) -> Connection:
        origin = request.headers.get("Origin")
        if origin and origin.rstrip("/") != self.own_origin:
            raise ConnectionRefusedError("admin sessions connect only from the dashboard")
        found = self.directory.session_admin(site, session.get("sid", ""))
        if found is None:
            raise ConnectionRefusedError("not allowed on this site")
        grant, name = found
        return Connection(site, "admin", grant.role, name, grant=grant)

    def _shopper(self, site: SiteInfo, auth: dict[str, Any]) -> Connection:
        if not site.allows_origin(request.headers.get("Origin")):
            self.tracking.install.refused(site, request.headers.get("Origin"), auth.get("vf"))
            raise ConnectionRefusedError("this page's domain is not allowed for the site")
        try:
            identity = _identity.load(auth)
        except ValidationError as exc:
            fields = first_errors(exc)
            name = next(iter(fields))
            raise ConnectionRefusedError(f"auth.{name}: {fields[name]}") from None
        if not self.limits.open_socket(_sid(), request.remote_addr):
            raise ConnectionRefusedError("this server is full: try again later"
                                         if self.limits.full() else
                                         "too many connections from this address")
        trusted = request.headers if self.tracking.settings.trusted_proxies else None
        visit = identify(site, identity, request.headers.get("User-Agent", ""),
                         request.remote_addr, self.tracking.geo, trusted)
        # Bots are let in (so they do not retry) but never counted.
        rate = self.tracking.settings.shopper_events_per_second
        return Connection(site, "shopper", visit=None if isinstance(visit, Drop) else visit,
                          turned_away=visit if isinstance(visit, Drop) else None,
                          limit=RateLimit(rate, rate * BURST_SECONDS, rate * BURST_SECONDS),
                          verify=identity.get("vf", ""))

    # -- events ----------------------------------------------------------------------
    def on_ev(self, data: Any = None) -> dict[str, Any]:
        tracking = self.tracking
        try:
            conn = tracking.connections.by_sid.get(_sid())
            if conn is None or conn.kind != "shopper":
                return error_body(403, "only shoppers' pages send events")
            try:
                events = load_events(data)
            except ValidationError as exc:
                return error_body(400, "invalid event", {
                    f"ev.{k}": v for k, v in first_errors(exc).items()})
            granted = conn.limit.take(len(events))
            try:
                result = tracking.pipeline.run(conn.visit or conn.turned_away, events,
                                               allowed=granted)
            except StorageUnavailable as exc:
                return unavailable_ack(exc)  # nothing stored: the widget sends again
            if conn.visit is not None:
                for event in events[:granted]:
                    if event["n"] == "pageview":  # kept to republish after an outage
                        conn.page["url"] = put_page(Event.from_payload(event), conn.visit).path
            if granted < len(events) and conn.limit.should_warn():
                tracking.emitter.to_sid(conn.site, _sid(), "throttled", {"retry_in": 1})
            tracking.install.kept(conn.site.id, WIDGET, events, result)
            tracking.install.outcome(conn.site, conn.verify, events, result)
            return tracking.pipeline.observe(len(events), result).as_json()
        finally:
            tracking.socketio.sleep(0)
