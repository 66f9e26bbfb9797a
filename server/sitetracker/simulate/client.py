"""One shopper's browser, on the wire: a live Socket.IO connection per open page, and
HTTP beacons, exactly as docs/protocol.md describes them.

Every request carries what the shopper's browser would: the store page's ``Origin``,
the shopper's ``User-Agent``, and the shopper's address in ``X-Forwarded-For`` (which
the server believes only when it runs behind trusted proxies). Nothing here bypasses
the server's checks: it is a client like any browser.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import requests
import socketio

from .profiles import DESKTOP, MOBILE, TABLET, Profile
from .stats import Stats

log = logging.getLogger(__name__)
# The page width (``w``, CSS pixels) a shopper's browser of each kind has.
WIDTHS = {MOBILE: 390, TABLET: 820, DESKTOP: 1536}


class Refused(Exception):
    """The server refused the simulation itself (an unknown site key, an origin that is
    not one of the site's domains): no shopper can get through, so the run stops."""


class ShopperClient:
    """The connections of one shopper's visit; call :meth:`close` when it ends."""

    def __init__(self, base_url: str, site_key: str, origin: str, profile: Profile,
                 stats: Stats, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.site_key = site_key
        self.origin = origin.rstrip("/")
        self.namespace = f"/site/{site_key}"
        self.profile = profile
        self.stats = stats
        self.timeout = timeout
        self.session = requests.Session()
        self.headers = {"User-Agent": profile.browser.user_agent,
                        "X-Forwarded-For": profile.ip}
        self.socket: socketio.Client | None = None

    @property
    def identity(self) -> dict[str, Any]:
        found = {"v": self.profile.visitor, "s": self.profile.session,
                 "ret": 1 if self.profile.returning else 0}
        if self.profile.browser.kind in WIDTHS:
            found["w"] = WIDTHS[self.profile.browser.kind]
        return found

    # -- the live connection ------------------------------------------------------------
    def connect(self) -> None:
        """Open the page's live connection (for shoppers who have one). A connection
        that fails to come up leaves the page on beacons, as the widget does."""
        self.disconnect()
        if not self.profile.live_connection:
            return
        client = socketio.Client(
            reconnection=False, handle_sigint=False, http_session=self.session,
            request_timeout=self.timeout,
            # websocket-client sends its own Origin unless told which one to send.
            websocket_extra_options={"origin": self.origin},
        )
        refusals: list[str] = []

        def connect_error(data: Any = None, *rest: Any) -> None:
            if isinstance(data, dict):  # the server's refusal; a string is the transport's
                refusals.append(str(data.get("message", "")))

        def throttled(data: Any = None) -> None:
            self.stats.error("throttled")

        client.on("connect_error", connect_error, namespace=self.namespace)
        client.on("throttled", throttled, namespace=self.namespace)
        client.on("config", lambda data=None: None, namespace=self.namespace)
        try:
            client.connect(self.base_url, headers=dict(self.headers), auth=self.identity,
                           transports=["websocket"], namespaces=[self.namespace],
                           wait_timeout=self.timeout)
        except socketio.exceptions.ConnectionError as exc:
            if refusals:
                raise Refused(f"the live connection was refused: {refusals[0]}") from None
            log.debug("live connection failed: %s", exc)
            self.stats.error("connect")
            return
        self.socket = client
        self.stats.add("connections")

    def disconnect(self) -> None:
        socket, self.socket = self.socket, None
        if socket is not None:
            try:
                socket.disconnect()
            except Exception as exc:  # noqa: BLE001 - the page is going away anyway
                log.debug("disconnect failed: %s", exc)

    # -- sending ------------------------------------------------------------------------
    def send(self, events: tuple[dict[str, Any], ...]) -> None:
        """Send on the live connection if it is up, else by beacon."""
        socket = self.socket
        if socket is not None and socket.connected:
            payload: Any = events[0] if len(events) == 1 else list(events)
            try:
                answer = socket.call("ev", payload, namespace=self.namespace,
                                     timeout=self.timeout)
            except socketio.exceptions.TimeoutError:
                self.stats.error("no acknowledgement")
                self.stats.sent(len(events), self.profile.is_bot, None)
                return
            except socketio.exceptions.SocketIOError as exc:
                log.debug("live connection lost: %s", exc)
                self.disconnect()
            else:
                self._answered(len(events), answer, "ev")
                return
        self.beacon(events)

    def beacon(self, events: tuple[dict[str, Any], ...]) -> None:
        """``POST /api/collect`` with a text/plain JSON body, as ``sendBeacon`` does."""
        body = dict(self.identity, k=self.site_key,
                    ev=events[0] if len(events) == 1 else list(events))
        headers = dict(self.headers)
        headers.update({
            "Origin": self.origin,
            # strict-origin-when-cross-origin: the store's origin only.
            "Referer": self.origin + "/",
            "Content-Type": "text/plain;charset=UTF-8",
        })
        try:
            response = self.session.post(
                self.base_url + "/api/collect", headers=headers, timeout=self.timeout,
                data=json.dumps(body, separators=(",", ":")).encode(),
            )
        except requests.RequestException as exc:
            log.debug("beacon failed: %s", exc)
            self.stats.error("beacon")
            self.stats.sent(len(events), self.profile.is_bot, None)
            return
        self.stats.add("beacons")
        if response.status_code in (403, 404):
            raise Refused(f"the beacon was refused: {_message(response)}")
        answer = _json(response) if response.status_code == 202 else {
            "error": {"status": response.status_code, "message": _message(response)}}
        self._answered(len(events), answer, "beacon")

    def _answered(self, sent: int, answer: Any, how: str) -> None:
        if isinstance(answer, dict) and "error" in answer:
            # The server found fault with what we sent: a bug here, worth a warning.
            log.warning("%s rejected: %s", how, answer["error"])
            self.stats.error(f"{how} rejected")
            answer = None
        self.stats.sent(sent, self.profile.is_bot, answer if isinstance(answer, dict) else None)

    def close(self) -> None:
        self.disconnect()
        self.session.close()


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _message(response: requests.Response) -> str:
    body = _json(response)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return str(body["error"].get("message", response.status_code))
    return f"HTTP {response.status_code}"
