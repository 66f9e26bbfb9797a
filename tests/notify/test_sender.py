"""The background senders: an emergency raised by three presses of pay now reaches the
SMTP server and the webhook receiver once each, however many senders run."""

from __future__ import annotations

import hashlib
import hmac
import socket
import threading

import pytest

from sitetracker import create_app, serve
from sitetracker.notify import sender as sender_module

from .. import notifying
from ..notifying import (
    add_endpoint,
    choose_mail,
    deliveries,
    notify_of,
    raise_emergency,
)
from ..receivers import wait_for
from ..shopping import Shopper

# The notification fixtures (tests/notifying.py), by their names.
app_clock, app_config = notifying.app_clock, notifying.app_config
hooks, smtp = notifying.hooks, notifying.smtp


def test_an_emergency_reaches_mail_and_webhook_once_each_with_two_senders_running(
        app, world, make_user, clock, smtp, hooks):
    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a)
    add_endpoint(world.site_a, "webhook", hooks.url("/hook"), "hook-secret")
    notify = notify_of(app)
    senders = [notify.new_sender(name) for name in ("worker-a", "worker-b")]
    threads = []
    for sender in senders:
        sender.idle = 0.01
        threads.append(threading.Thread(target=sender.run, daemon=True))
    for thread in threads:
        thread.start()
    try:
        raise_emergency(Shopper(app, world.site_a).open())
        wait_for(lambda: len(deliveries()) == 2
                 and all(r.status == "sent" for r in deliveries()), "both deliveries sent")
        for _ in range(20):  # more passes of both loops: nothing goes out again
            for sender in senders:
                assert sender.run_once() == 0
    finally:
        for sender in senders:
            sender.stopped = True
        for thread in threads:
            thread.join(timeout=30)
    [mail] = smtp.mails
    assert mail.recipients == ["owner@a.test"]
    assert mail.message["Subject"] == (
        "[Shop A] Emergency: Checkout trouble: pay_now 3 times in 10 minutes")
    text = mail.message.get_body(("plain",)).get_content()
    assert "Page: /checkout" in text and f"/sites/{world.site_a.public_key}/alerts" in text
    [request] = hooks.to("/hook")
    timestamp = request.headers["X-SiteTracker-Timestamp"]
    mac = hmac.new(b"hook-secret", timestamp.encode() + b"." + request.body, hashlib.sha256)
    assert request.headers["X-SiteTracker-Signature"] == "sha256=" + mac.hexdigest()
    assert request.json()["alert"]["severity"] == "emergency"


def test_a_sender_that_fails_keeps_running(app, world, clock, monkeypatch):
    notify = notify_of(app)
    sender = notify.new_sender("worker-c")
    passes = []

    def broken() -> int:
        passes.append(1)
        if len(passes) == 3:
            sender.stopped = True
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sender, "run_once", broken)
    sender.sleep = lambda seconds: None
    monkeypatch.setattr(sender_module.log, "exception", lambda *a, **k: None)
    sender.run()
    assert len(passes) == 3


def test_a_delivery_that_cannot_be_built_is_counted_and_given_up_in_the_end(
        app, world, clock, hooks, monkeypatch):
    from sitetracker.notify import queue

    add_endpoint(world.site_a, "slack", hooks.url("/slack"))
    raise_emergency(Shopper(app, world.site_a).open())
    sender = notify_of(app).sender

    def broken(url, notice):
        raise ValueError("no such card")

    monkeypatch.setattr(sender_module.slack, "send", broken)
    monkeypatch.setattr(sender_module.log, "exception", lambda *a, **k: None)
    for _ in range(notify_of(app).timing.max_attempts):
        assert sender.run_once() == 1
        clock.advance(queue.BACKOFF_MOST)
    [row] = deliveries()
    assert row.status == "failed" and hooks.requests == []
    assert queue.log(world.site_a.id)[0]["attempts"][0]["error"] == (
        "could not send: no such card")


def test_a_server_that_cannot_listen_stops_the_sender_its_app_started(app_config):
    """A server that cannot start (its port taken) or that stops takes its sender with
    it: nothing goes on reading a database that a test then drops."""
    built = create_app({**app_config, "testing": False})
    task = notify_of(built).task
    assert task.is_alive()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(serve.ListenError):
            serve.run(built, "127.0.0.1", taken.getsockname()[1])
    task.join(timeout=30)
    assert not task.is_alive()
