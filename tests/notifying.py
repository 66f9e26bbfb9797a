"""Fixtures for the notification tests: an app whose mail goes to a local SMTP server,
a local HTTP receiver, and shortcuts to choose what goes where."""

from __future__ import annotations

from typing import Any

import pytest

from sitetracker.db import database
from sitetracker.notify.models import Delivery, Endpoint, MailChoice, QuietHours

from .receivers import http_receiver, smtp_receiver

SENDER = "alerts@sitetracker.test"


@pytest.fixture
def smtp():
    with smtp_receiver() as server:
        yield server


@pytest.fixture
def hooks():
    with http_receiver() as receiver:
        yield receiver


@pytest.fixture
def app_config(app_config, smtp):
    """Mail to the local SMTP server (plain SMTP, no sign-in)."""
    return {**app_config, "smtp_host": "127.0.0.1", "smtp_port": smtp.port,
            "smtp_security": "none", "smtp_from": SENDER}


@pytest.fixture
def app_clock(clock):
    return clock


def notify_of(app: Any) -> Any:
    return app.extensions["sitetracker.notify"]


def add_endpoint(site: Any, kind: str, url: str, secret: str = "", rules: str = "all",
                 sales: bool = False) -> Endpoint:
    with database.connection_context():
        return Endpoint.create(site=site.id, kind=kind, name=f"{kind} test", url=url,
                               secret=secret, rules=rules, sales=sales)


def choose_mail(user: Any, site: Any, rules: str = "all", sales: bool = False) -> None:
    with database.connection_context():
        MailChoice.create(user=user.id, site=site.id, rules=rules, sales=sales)


def quiet(user: Any, timezone: str, start: int, end: int, emergencies: bool) -> None:
    with database.connection_context():
        QuietHours.create(user=user.id, timezone=timezone, start=start, end=end,
                          emergencies=emergencies)


def deliveries() -> list[Delivery]:
    with database.connection_context():
        return list(Delivery.select().order_by(Delivery.id))


def raise_emergency(shopper: Any) -> None:
    """Three presses of pay now at checkout: the default rule's emergency."""
    shopper.page("/checkout")
    for _ in range(3):
        shopper.event("pay_now", value=89.0)
