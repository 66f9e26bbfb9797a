"""What runs when the server stops (shutdown.py): callbacks, once, in order."""

from __future__ import annotations

from flask import current_app

from sitetracker import shutdown


def test_shutdown_callbacks_run_once_in_order_despite_a_failure(app, caplog):
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("flush failed")

    shutdown.shutdown_callbacks(app).extend([broken, lambda: calls.append("second")])
    shutdown.run_shutdown_callbacks(app)
    shutdown.run_shutdown_callbacks(app)

    assert calls == ["broken", "second"]
    assert "flush failed" in caplog.text


def test_the_callbacks_run_inside_the_apps_context(app):
    seen: list[object] = []
    shutdown.shutdown_callbacks(app).append(lambda: seen.append(current_app.name))
    shutdown.run_shutdown_callbacks(app)
    assert seen == [app.name]
    assert shutdown.shutdown_callbacks(app) == []  # forgotten once run
