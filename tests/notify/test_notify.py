"""Notifications of one app (notify/__init__.py): the sender it starts, and stops."""

from __future__ import annotations

from sitetracker import create_app

from .. import notifying
from ..notifying import notify_of

# The notification fixtures (tests/notifying.py), by their names.
app_clock, app_config = notifying.app_clock, notifying.app_config
hooks, smtp = notifying.hooks, notifying.smtp


def test_stopping_notifications_stops_the_sender(app_config):
    built = create_app({**app_config, "testing": False})
    notify = notify_of(built)
    notify.stop()
    notify.task.join(timeout=30)
    assert not notify.task.is_alive()
