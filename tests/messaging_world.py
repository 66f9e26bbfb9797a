"""Admins and shoppers on the live channel for the messaging tests (the Socket.IO test
client): an admin's page by admin token, a shopper's page from an address, a device
and a page of the store's."""

from __future__ import annotations

from typing import Any

from flask import Flask

from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.domain import visitor_hash

from .agents import CHROME, IPHONE

PARIS_IP = "5.48.96.57"  # FR in the packaged GeoLite2 database
NEW_YORK_IP = "8.8.8.8"  # US
MOBILE = IPHONE
DESKTOP = CHROME


class Page:
    """One socket on a site's namespace: ``ask`` emits with an acknowledgement,
    ``received`` drains what arrived, by event name."""

    def __init__(self, app: Flask, site: Any) -> None:
        self.app, self.site = app, site
        self.namespace = f"/site/{site.public_key}"
        self.sio: Any = None
        self.inbox: list[tuple[str, Any]] = []

    def ask(self, event: str, data: Any = None) -> Any:
        return self.sio.emit(event, data, namespace=self.namespace, callback=True)

    def _drain(self) -> None:
        for m in self.sio.get_received(self.namespace):
            # The test client keeps "message" events (Socket.IO's send) unwrapped.
            args = m["args"] if m["name"] in ("message", "json") else (m["args"] or [None])[0]
            self.inbox.append((m["name"], args))

    def received(self, name: str) -> list[Any]:
        """Everything named ``name`` received since the last call for that name."""
        self._drain()
        found = [data for event, data in self.inbox if event == name]
        self.inbox = [(event, data) for event, data in self.inbox if event != name]
        return found

    def close(self) -> None:
        if self.sio.is_connected(self.namespace):
            self.sio.disconnect(self.namespace)


class AdminPage(Page):
    def __init__(self, app: Flask, site: Any, sub: str = "alice@shop-a.test",
                 role: str = "admin", ttl: int = 3600) -> None:
        super().__init__(app, site)
        token = mint_admin_token(site.secret, site.public_key, sub, role=role, ttl=ttl)
        self.sio = socketio_of(app).test_client(app, namespace=self.namespace,
                                                auth={"token": token},
                                                flask_test_client=app.test_client())
        assert self.sio.is_connected(self.namespace)
        self.received("live")


class ShopperPage(Page):
    def __init__(self, app: Flask, site: Any, visitor: str = "shopper-0001",
                 ip: str = PARIS_IP, ua: str = DESKTOP, origin: str = "") -> None:
        super().__init__(app, site)
        self.visitor = visitor
        self.origin = origin or f"https://{site.domain_list[0]}"
        self.ref = visitor_hash(site.id, visitor)
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = ip
        self.sio = socketio_of(app).test_client(
            app, namespace=self.namespace,
            auth={"v": visitor, "s": "session-" + visitor[-4:], "ret": 0},
            headers={"Origin": self.origin, "User-Agent": ua}, flask_test_client=client)
        assert self.sio.is_connected(self.namespace)

    def view(self, path: str) -> Any:
        return self.ask("ev", {"n": "pageview", "u": self.origin + path})


def emergency(shopper: ShopperPage, cart: float = 89.0) -> None:
    """An emergency about ``shopper``: a cart on the checkout page, and three failed
    "pay now" clicks."""
    shopper.view("/checkout")
    shopper.ask("ev", {"n": "add_to_cart", "p": {"product": "boot", "quantity": 1,
                                                 "value": cart}})
    for _ in range(3):
        shopper.ask("ev", {"n": "pay_now", "p": {"value": cart}})


def buy(shopper: ShopperPage, order: str = "1001", value: float = 89.0,
        currency: str = "EUR") -> Any:
    """``shopper`` buys: a ``purchase`` event with its order."""
    return shopper.ask("ev", {"n": "purchase", "p": {"order_id": order, "value": value,
                                                     "currency": currency}})


def site_info(app: Flask, site: Any) -> Any:
    return app.extensions["sitetracker"].sites.by_key(site.public_key)


def messaging_of(app: Flask) -> Any:
    return app.extensions["sitetracker.messaging"]


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m["text"] for m in messages]
