"""How the live channel answers a feature's socket event (live/handlers.py): a sender
who holds no connection here, a refusal, bad input and a storage failure each get an
error acknowledgement in the one error shape. (An admin whose access ended: 401 and the
socket closed, in test_guard.py, the guard being the subject.)"""

from __future__ import annotations

import pytest

from sitetracker.db import database
from sitetracker.messaging.models import Broadcast

from ..messaging_world import AdminPage
from ..refusing import refusing_writes


@pytest.fixture
def app_clock(clock):
    return clock


def broadcasts() -> int:
    with database.connection_context():
        return Broadcast.select().count()


def test_bad_input_is_answered_400_naming_the_field(app, world):
    ack = AdminPage(app, world.site_a).ask("broadcast_send", {"text": ""})
    assert ack["error"]["status"] == 400
    assert "text" in ack["error"]["fields"]
    assert broadcasts() == 0


def test_a_refusal_is_answered_with_its_own_status(app, world):
    viewer = AdminPage(app, world.site_a, "vera@shop-a.test", role="viewer")
    ack = viewer.ask("broadcast_send", {"text": "Hello"})
    assert ack["error"]["status"] == 403
    assert broadcasts() == 0


def test_a_storage_failure_is_answered_503_with_a_time_to_retry(app, world, monkeypatch):
    admin = AdminPage(app, world.site_a)
    with refusing_writes(monkeypatch):
        ack = admin.ask("broadcast_send", {"text": "Hello"})
    assert ack["error"]["status"] == 503 and ack["error"]["retry_after"] > 0
    assert broadcasts() == 0
    assert "broadcast" in admin.ask("broadcast_send", {"text": "Hello"})  # sent again: kept


def test_a_socket_this_worker_no_longer_holds_is_answered_403(app, world):
    admin = AdminPage(app, world.site_a)
    tracking = app.extensions["sitetracker"]
    tracking.connections.by_sid.clear()  # as after the worker forgot its sockets
    ack = admin.ask("broadcast_list")
    assert ack == {"error": {"status": 403, "message": "not connected"}}
