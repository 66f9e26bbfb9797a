"""Shoppers and admins for the commerce tests: a shopper's page on the live channel (the
Socket.IO test client) or by beacon, and an admin's socket."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask

from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.commerce.models import Alert
from sitetracker.db import database

from .agents import CHROME

PARIS_IP = "5.48.96.57"  # resolves to Paris, FR in the packaged GeoLite2 database


class Shopper:
    """One shopper's page of a site: events over its live connection, or by beacon."""

    def __init__(self, app: Flask, site: Any, visitor: str = "shopper-0001",
                 origin: str = "https://shop-a.test", ua: str = CHROME) -> None:
        self.app, self.site, self.visitor = app, site, visitor
        self.origin, self.ua = origin, ua
        self.namespace = f"/site/{site.public_key}"
        self.sio: Any = None

    def open(self) -> Shopper:
        self.sio = socketio_of(self.app).test_client(
            self.app, namespace=self.namespace,
            auth={"v": self.visitor, "s": "session-" + self.visitor[-4:], "ret": 0},
            headers={"Origin": self.origin, "User-Agent": self.ua},
            flask_test_client=self.app.test_client())
        assert self.sio.is_connected(self.namespace)
        return self

    def send(self, *events: dict[str, Any]) -> Any:
        payload: Any = events[0] if len(events) == 1 else list(events)
        return self.sio.emit("ev", payload, namespace=self.namespace, callback=True)

    def event(self, name: str, **props: Any) -> Any:
        return self.send({"n": name, "p": props} if props else {"n": name})

    def page(self, path: str) -> Any:
        return self.send({"n": "pageview", "u": self.origin + path})

    def beacon(self, *events: dict[str, Any], ip: str = PARIS_IP) -> Any:
        body = {"k": self.site.public_key, "v": self.visitor, "s": "session-0001",
                "ev": list(events)}
        return self.app.test_client().post(
            "/api/collect", data=json.dumps(body),
            headers={"Origin": self.origin, "User-Agent": self.ua,
                     "Content-Type": "text/plain"},
            environ_base={"REMOTE_ADDR": ip})

    def received(self, name: str) -> list[Any]:
        return [m["args"][0] for m in self.sio.get_received(self.namespace)
                if m["name"] == name]

    def close(self) -> None:
        if self.sio is not None and self.sio.is_connected(self.namespace):
            self.sio.disconnect(self.namespace)


def admin_socket(app: Flask, site: Any, role: str = "admin") -> Any:
    """An admin's socket on the site (by admin token), its received messages cleared."""
    token = mint_admin_token(site.secret, site.public_key, "boss@a.test", role=role)
    sio = socketio_of(app).test_client(app, namespace=f"/site/{site.public_key}",
                                       auth={"token": token},
                                       flask_test_client=app.test_client())
    sio.get_received(f"/site/{site.public_key}")
    return sio


def received(sio: Any, site: Any, name: str) -> list[Any]:
    return [m["args"][0] for m in sio.get_received(f"/site/{site.public_key}")
            if m["name"] == name]


def commerce_of(app: Flask) -> Any:
    return app.extensions["sitetracker.commerce"]


def gauges(app: Flask, site: Any) -> dict[str, Any]:
    """The ``commerce`` part of the site's live snapshot."""
    tracking = app.extensions["sitetracker"]
    snapshot: dict[str, Any] = tracking.snapshot(tracking.sites.by_key(site.public_key))
    return snapshot["commerce"]


def stored(model: Any, *where: Any) -> list[Any]:
    with database.connection_context():
        query = model.select()
        if where:
            query = query.where(*where)
        return list(query.order_by(model.id))


def alerts_of(site, kind=None):
    rows = stored(Alert, Alert.site == site.id)
    return [row for row in rows if kind is None or row.kind == kind]
