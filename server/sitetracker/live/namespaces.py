"""The Socket.IO namespace of every site, ``/site/<public key>``.

Who may connect:

* a shopper's widget, from a page on one of the site's domains (checked on Origin);
* an admin, with a signed, expiring admin token for that site (``auth={"token": ...}``)
  or with the dashboard's login session (``auth={"admin": true}``) from our own origin.

Anything else is refused at connect. Admins join the room ``admins``; shoppers join
``shoppers`` and ``visitor:<id>`` once they say who they are.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import request, session
from flask_socketio import Namespace, join_room

from ..auth.tokens import TokenError, verify_admin_token
from .directory import SiteDirectory, SiteInfo, site_key_of

log = logging.getLogger(__name__)

ADMINS = "admins"
SHOPPERS = "shoppers"


@dataclass
class Connection:
    """One connected socket: which site, and as whom."""

    site: SiteInfo
    kind: str  # "admin" or "shopper"
    role: str = ""
    name: str = ""


class SiteNamespace(Namespace):
    """Handles every ``/site/<key>`` namespace (registered as the catch-all ``*``)."""

    def __init__(self, directory: SiteDirectory, own_origin: str) -> None:
        super().__init__("*")
        self.directory = directory
        self.own_origin = own_origin.rstrip("/")
        # sid -> Connection, for sockets connected to this worker only.
        self.connections: dict[str, Connection] = {}

    def trigger_event(self, event: str, *args: Any) -> Any:
        # As the catch-all namespace we receive (namespace, sid, *data); route to
        # on_<event> with the real namespace so Flask's request context is right.
        namespace, sid, *rest = args
        handler = getattr(self, "on_" + (event or ""), None)
        if handler is None:
            return None
        return self.socketio._handle_event(handler, event, namespace, sid, *rest)

    # -- connection ----------------------------------------------------------------
    def on_connect(self, auth: Any = None) -> None:
        key = site_key_of(request.namespace)
        site = self.directory.by_key(key) if key else None
        if site is None:
            raise ConnectionRefusedError("unknown site key")
        auth = auth if isinstance(auth, dict) else {}
        if "token" in auth:
            conn = self._admin_by_token(site, auth["token"])
        elif auth.get("admin"):
            conn = self._admin_by_session(site)
        else:
            conn = self._shopper(site)
        self.connections[request.sid] = conn
        join_room(ADMINS if conn.kind == "admin" else SHOPPERS)
        log.debug("%s connected to site %s", conn.kind, site.key)

    def on_disconnect(self, reason: Any = None) -> None:
        self.connections.pop(request.sid, None)

    def _admin_by_token(self, site: SiteInfo, token: Any) -> Connection:
        try:
            claims = verify_admin_token(token, site.secret, site.key)
        except TokenError as exc:
            raise ConnectionRefusedError(f"admin token refused: {exc}") from None
        return Connection(site, "admin", claims.role, claims.sub)

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

    def _shopper(self, site: SiteInfo) -> Connection:
        if not site.allows_origin(request.headers.get("Origin")):
            raise ConnectionRefusedError("this page's domain is not allowed for the site")
        return Connection(site, "shopper")
