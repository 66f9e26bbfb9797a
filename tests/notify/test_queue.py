"""Deliveries queued with alerts (per endpoint and per person, by rule), digests of
sales, quiet hours, retries with backoff, and claims no two senders share."""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import OperationalError

from sitetracker.notify import queue

from .. import notifying
from ..notifying import (
    SENDER,
    add_endpoint,
    choose_mail,
    deliveries,
    notify_of,
    quiet,
    raise_emergency,
)
from ..shopping import Shopper

# The notification fixtures (tests/notifying.py), by their names.
app_clock, app_config = notifying.app_clock, notifying.app_config
hooks, smtp = notifying.hooks, notifying.smtp


def test_an_emergency_is_queued_for_each_endpoint_and_person_that_chose_it(
        app, world, make_user, clock, hooks):
    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a)
    add_endpoint(world.site_a, "webhook", hooks.url("/hook"), "s")
    add_endpoint(world.site_a, "slack", hooks.url("/slack"), rules="")  # sales only
    raise_emergency(Shopper(app, world.site_a).open())
    rows = deliveries()
    assert sorted((r.channel, r.user_id, r.endpoint_id is not None) for r in rows) == [
        ("mail", owner.id, False), ("webhook", None, True)]
    assert all(r.due == clock.now() and r.status == "pending" for r in rows)


def test_somebody_who_lost_their_role_gets_no_mail(app, world, make_user, clock):
    other = make_user("b@b.test", "admin", organization=world.org_b)
    choose_mail(other, world.site_a)  # not theirs (any more)
    raise_emergency(Shopper(app, world.site_a).open())
    assert deliveries() == []


def test_an_alert_whose_deliveries_cannot_be_stored_is_not_stored_either(
        app, world, make_user, clock, monkeypatch):
    """One transaction: the sender is told to retry, and the retry raises both."""
    from sitetracker.commerce.models import Alert

    from ..shopping import stored

    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a)
    shopper = Shopper(app, world.site_a).open()
    shopper.page("/checkout")
    shopper.event("pay_now")
    shopper.event("pay_now")

    def away(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(queue.Delivery, "insert_many", away)
    assert shopper.event("pay_now")["error"]["status"] == 503
    assert stored(Alert) == [] and deliveries() == []
    monkeypatch.undo()
    shopper.event("pay_now")  # the widget sends it again
    assert len(stored(Alert)) == 1 and len(deliveries()) == 1


def test_sales_come_in_one_digest_mail_after_the_digest_minutes(
        app, world, make_user, clock, smtp):
    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a, rules="", sales=True)
    for n, value in enumerate((10.0, 20.0, 30.0)):
        Shopper(app, world.site_a, f"shopper-100{n}").open().event(
            "purchase", order_id=str(n), value=value, currency="EUR")
        clock.advance(60)
    sender = notify_of(app).sender
    assert sender.run_once() == 0 and smtp.mails == []  # not due yet
    clock.advance(15 * 60)
    assert sender.run_once() == 3
    [got] = smtp.mails
    assert got.recipients == ["owner@a.test"] and got.message["From"] == SENDER
    assert got.message["Subject"] == "[Shop A] 3 sales"
    text = got.message.get_body(("plain",)).get_content()
    for title in ("Sale: 10.00 EUR, 0 items", "Sale: 20.00 EUR, 0 items",
                  "Sale: 30.00 EUR, 0 items"):
        assert f"Info: {title}" in text
    assert "Info: Sale: 10.00 EUR" in got.message.get_body(("html",)).get_content()
    assert {r.status for r in deliveries()} == {"sent"}
    assert sender.run_once() == 0 and len(smtp.mails) == 1


def paris(hour: int, minute: int = 0) -> datetime:
    """A time on 10 March 2026 in Paris (UTC+1 then)."""
    return datetime(2026, 3, 10, hour - 1, minute, tzinfo=UTC)


def test_in_quiet_hours_mail_waits_for_their_end(app, world, make_user, clock, smtp):
    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a)
    quiet(owner, "Europe/Paris", 12 * 60, 14 * 60, emergencies=False)
    clock.set(paris(12, 30))
    raise_emergency(Shopper(app, world.site_a).open())
    sender = notify_of(app).sender
    assert sender.run_once() == 0
    clock.set(paris(13, 59))
    assert sender.run_once() == 0 and smtp.mails == []
    clock.set(paris(14, 0))
    assert sender.run_once() == 1
    assert smtp.mails[0].message["Subject"] == (
        "[Shop A] Emergency: Checkout trouble: pay_now 3 times in 10 minutes")


def test_an_emergency_breaks_through_quiet_hours_when_the_person_wants(
        app, world, make_user, clock, smtp):
    owner = make_user("owner@a.test", "admin", organization=world.org_a)
    choose_mail(owner, world.site_a)
    quiet(owner, "Europe/Paris", 22 * 60, 7 * 60, emergencies=True)  # across midnight
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))  # 00:30 in Paris
    raise_emergency(Shopper(app, world.site_a).open())
    assert notify_of(app).sender.run_once() == 1 and len(smtp.mails) == 1


def test_a_server_error_is_retried_later_and_every_attempt_is_logged(
        app, world, clock, hooks):
    add_endpoint(world.site_a, "webhook", hooks.url("/hook"), "s")
    hooks.statuses.append(500)
    raise_emergency(Shopper(app, world.site_a).open())
    sender = notify_of(app).sender
    assert sender.run_once() == 1
    [row] = deliveries()
    assert row.status == "pending" and row.due == clock.now() + queue.BACKOFF
    assert sender.run_once() == 0  # not before its backoff
    clock.advance(queue.BACKOFF)
    assert sender.run_once() == 1
    [entry] = queue.log(world.site_a.id)
    assert entry["status"] == "sent" and entry["title"].startswith("Checkout trouble")
    assert [a["code"] for a in entry["attempts"]] == [500, 200]
    assert entry["attempts"][0]["error"].startswith("HTTP 500")
    first, second = hooks.to("/hook")
    assert first.headers["X-SiteTracker-Delivery"] == second.headers["X-SiteTracker-Delivery"]


def test_a_delivery_is_given_up_after_its_attempts_or_at_a_refusal(
        app, world, clock, hooks):
    add_endpoint(world.site_a, "webhook", hooks.url("/hook"), "s")
    attempts = notify_of(app).timing.max_attempts
    hooks.statuses.extend([503] * attempts)
    raise_emergency(Shopper(app, world.site_a).open())
    sender = notify_of(app).sender
    for _ in range(attempts):
        assert sender.run_once() == 1
        clock.advance(queue.BACKOFF_MOST)
    assert sender.run_once() == 0
    [row] = deliveries()
    assert row.status == "failed" and row.attempts == attempts
    assert len(hooks.requests) == attempts


def test_two_senders_never_claim_the_same_delivery_and_a_lapsed_claim_comes_back(
        app, world, clock, hooks):
    add_endpoint(world.site_a, "webhook", hooks.url("/hook"), "s")
    add_endpoint(world.site_a, "slack", hooks.url("/slack"))
    raise_emergency(Shopper(app, world.site_a).open())
    now = clock.now()
    first = queue.claim("worker-one", now)
    assert len(first) == 2
    assert queue.claim("worker-two", now) == []
    assert queue.claim("worker-two", now + queue.LEASE - 1) == []
    again = queue.claim("worker-two", now + queue.LEASE + 1)  # the first one died
    assert sorted(r.id for r in again) == sorted(r.id for r in first)
