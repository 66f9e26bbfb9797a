"""The pipeline's list and its event steps, one test per step (the drop reasons are
tested in test_stages.py, one test each)."""

from __future__ import annotations

import pytest
from peewee import OperationalError

from sitetracker.clock import ManualClock
from sitetracker.commerce.models import Alert, AlertRule, FunnelVisitor, PaymentError
from sitetracker.db import database
from sitetracker.domain import Drop, Event, Write
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.ingest.pipeline import (
    DROP_FOREIGN_PAGE,
    Pipeline,
    drop_foreign_page,
    ingestion,
    put_page,
    put_source,
)
from sitetracker.ingest.stages import (
    DROP_DUPLICATE,
    Batch,
    write_storage,
)
from sitetracker.live.state import LiveState
from sitetracker.live.store import MemoryStore
from sitetracker.storage.failures import StorageUnavailable
from sitetracker.storage.writes import WritePath

from ..refusing import refusing_writes
from ..shopping import Shopper, alerts_of, commerce_of, gauges, stored
from . import visits

visit = visits.visit  # the fixture: a desktop Chrome visit of SITE (tests/ingest/visits.py)


def test_foreign_page_is_dropped(visit):
    assert drop_foreign_page(Event("pageview", url="https://else.test/"), visit) == Drop(
        DROP_FOREIGN_PAGE)
    event = Event("pageview", url="https://www.shop.test/")
    assert drop_foreign_page(event, visit) is event


def test_page_is_the_path_without_query_or_fragment(visit):
    event = put_page(Event("pageview", url="https://shop.test/a/b?x=1#top"), visit)
    assert event.path == "/a/b"


@pytest.mark.parametrize(("url", "referrer", "source"), [
    ("https://shop.test/?utm_source=newsletter&utm_campaign=spring", "", "newsletter"),
    ("https://shop.test/", "https://www.google.com/search?q=x", "google.com"),
    ("https://shop.test/", "https://shop.test/cart", ""),
    ("https://shop.test/", "", ""),
])
def test_source_is_utm_then_referring_host(visit, url, referrer, source):
    assert put_source(Event("pageview", url=url, referrer=referrer), visit).source == source


def test_run_counts_kept_and_dropped_by_reason(visit):
    live = LiveState(MemoryStore())
    pipeline = Pipeline(live, WriteBuffer(), ManualClock(1_000_000))
    result = pipeline.run(visit, [
        {"n": "pageview", "u": "https://shop.test/"},
        {"n": "pageview", "u": "https://evil.test/"},
        {"n": "engage", "e": 3},
    ])
    assert result.kept == 2 and dict(result.dropped) == {DROP_FOREIGN_PAGE: 1}


def test_listeners_see_every_kept_event(visit):
    seen: list[str] = []
    pipeline = Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000),
                        steps=ingestion(reactions=[lambda v, event, now: seen.append(event.name)]))
    pipeline.run(visit, [{"n": "add_to_cart", "p": {"value": 5}}, {"n": "pageview",
                                                                    "u": "https://x.test/"}])
    assert seen == ["add_to_cart"]


def test_raw_event_log_is_kept_only_when_enabled(visit):
    off, on = WriteBuffer(), WriteBuffer()
    Pipeline(LiveState(MemoryStore()), off, ManualClock(0)).run(visit, [{"n": "checkout"}])
    Pipeline(LiveState(MemoryStore()), on, ManualClock(0), keep_raw=True).run(
        visit, [{"n": "checkout"}])
    assert off.raw == [] and [r["name"] for r in on.raw] == ["checkout"]


# -- one write path ------------------------------------------------------------------------
def test_ingestion_stores_rows_only_through_the_write_path(app, world, monkeypatch):
    """Every row a batch stores is the write path's, but for the claims of its ids
    (received_id: a claim decides at once, across workers, whether an id is new)."""
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5, severity="warning")
    commerce_of(app).rules.forget(world.site_a.id)
    shopper = Shopper(app, world.site_a).open()
    committing: list[bool] = []
    outside: list[str] = []
    commit, execute = WritePath.commit, database.obj.execute_sql

    def counted_commit(self, writes):
        committing.append(True)
        try:
            return commit(self, writes)
        finally:
            committing.pop()

    def watched(sql, params=None):
        if (sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
                and not committing and "received_id" not in sql):
            outside.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(WritePath, "commit", counted_commit)
    monkeypatch.setattr(database.obj, "execute_sql", watched)
    answers = [shopper.page("/products/boot"), shopper.send(
        {"n": "add_to_cart", "p": {"product": "boot", "value": 30.0}, "i": "event-0001"},
        {"n": "checkout", "p": {"value": 30.0}, "i": "event-0002"})]
    answers += [shopper.send(*[{"n": "pay_now", "i": f"press-000{n}"} for n in range(3)]),
                shopper.event("payment_error", code="card_declined", email="a@b.test"),
                shopper.event("purchase", order_id="1", value=30.0, currency="EUR")]
    assert [answer["ok"] for answer in answers] == [1, 2, 3, 1, 1]
    shopper.beacon({"n": "purchase", "p": {"order_id": "2", "value": 5.0}},
                   {"n": "pageview", "u": "https://shop-a.test/thanks"})
    monkeypatch.undo()
    kinds = {row.kind for row in stored(Alert, Alert.site == world.site_a.id)}
    assert kinds == {"event_count", "payment_error", "sale"}
    assert len(stored(PaymentError, PaymentError.site == world.site_a.id)) == 1
    assert outside == []


# -- a batch that fails before its commit gives back what it noted ---------------------
def failing_once_before_the_commit(app, monkeypatch, error: BaseException) -> None:
    """The app's pipeline list, as the app factory built it, with a stage that raises
    ``error`` once, after the reactions ran and before the batch's writes are stored."""
    pipeline = app.extensions["sitetracker"].pipeline
    errors = [error]

    def fails_once(batch: Batch) -> None:
        if errors:
            raise errors.pop()

    steps = list(pipeline.steps)
    steps.insert(steps.index(write_storage), fails_once)
    monkeypatch.setattr(pipeline, "steps", tuple(steps))


@pytest.fixture
def shop(app_config, world, clock):
    """An app whose clock moves only when told to (a claim's lease does not run out)."""
    from sitetracker import create_app

    return create_app(app_config, clock=clock)


def funnel_rows(site) -> list[str]:
    return sorted(row.stage for row in stored(FunnelVisitor, FunnelVisitor.site == site.id))


def test_a_cart_refused_after_its_funnel_stage_was_noted_is_stored_when_resent(
        shop, app_config, world, clock, monkeypatch):
    failing_once_before_the_commit(shop, monkeypatch, OperationalError("database is locked"))
    shopper = Shopper(shop, world.site_a).open()
    cart = {"n": "add_to_cart", "p": {"product": "boot", "value": 30.0}, "i": "event-0001"}

    assert shopper.send(cart)["error"]["status"] == 503
    assert funnel_rows(world.site_a) == []
    assert shopper.send(cart) == {"ok": 1, "dropped": {}}  # the widget sends it again

    assert funnel_rows(world.site_a) == ["cart"]
    assert gauges(shop, world.site_a)["funnel"]["carts"] == 1
    assert shopper.send(cart) == {"ok": 0, "dropped": {DROP_DUPLICATE: 1}}
    assert gauges(shop, world.site_a)["funnel"]["carts"] == 1
    from sitetracker import create_app

    restarted = create_app(app_config, clock=clock)  # the funnel seeded from storage
    assert gauges(restarted, world.site_a)["funnel"]["carts"] == 1


def test_a_cart_whose_batch_fails_on_a_later_event_is_stored_when_resent(
        shop, world, monkeypatch):
    """The purchase after it cannot claim its order (the database refuses writes): the
    whole batch is refused, the cart's stage with it."""
    shopper = Shopper(shop, world.site_a).open()
    batch = [{"n": "add_to_cart", "p": {"product": "boot", "value": 30.0}},
             {"n": "purchase", "p": {"order_id": "A-1", "value": 30.0, "currency": "EUR"}}]
    with refusing_writes(monkeypatch):
        assert shopper.send(*batch)["error"]["status"] == 503

    assert shopper.send(*batch) == {"ok": 2, "dropped": {}}
    assert funnel_rows(world.site_a) == ["cart", "checkout", "purchase"]
    funnel = gauges(shop, world.site_a)["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 1)


def test_a_purchase_refused_before_its_commit_is_counted_when_resent(
        shop, world, monkeypatch):
    """Its order id's claim is given back: the retry is not told to wait, nor taken for
    an order seen before."""
    failing_once_before_the_commit(shop, monkeypatch, OperationalError("database is locked"))
    shopper = Shopper(shop, world.site_a).open()
    purchase = {"n": "purchase", "p": {"order_id": "A-2", "value": 30.0, "currency": "EUR"}}

    assert shopper.send(purchase)["error"]["status"] == 503
    assert shopper.send(purchase) == {"ok": 1, "dropped": {}}
    assert [alert.value for alert in alerts_of(world.site_a, "sale")] == [30.0]
    assert gauges(shop, world.site_a)["sales_today"]["count"] == 1


def test_an_alert_refused_before_its_commit_is_raised_when_resent(shop, world, monkeypatch):
    """The rule's window is claimed when it fires; the claim is given back with the
    batch, so the retry raises the alert."""
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5, severity="warning")
    commerce_of(shop).rules.forget(world.site_a.id)
    failing_once_before_the_commit(shop, monkeypatch, OperationalError("database is locked"))
    shopper = Shopper(shop, world.site_a).open()
    error = {"n": "payment_error", "p": {"code": "card_declined", "value": 50.0}}

    assert shopper.send(error)["error"]["status"] == 503
    assert alerts_of(world.site_a) == []
    assert shopper.send(error) == {"ok": 1, "dropped": {}}
    assert [alert.kind for alert in alerts_of(world.site_a)] == ["payment_error"]


def given_back(undone: list[str], name: str, run=lambda: None) -> Write:
    return Write(name, run, undo=lambda: undone.append(name))


def test_whatever_fails_before_the_commit_gives_back_each_pending_write_once(visit):
    undone: list[str] = []

    def broken(batch: Batch) -> None:
        raise RuntimeError("a bug, not the database")

    steps = list(ingestion(reactions=[lambda v, event, now: [given_back(undone, event.name)]]))
    steps.insert(steps.index(write_storage), broken)
    pipeline = Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000),
                        steps=steps)
    with pytest.raises(RuntimeError):
        pipeline.run(visit, [{"n": "add_to_cart"}, {"n": "checkout"}])
    assert undone == ["add_to_cart", "checkout"]


def test_a_refused_commit_gives_back_its_writes_once(app, visit):
    undone: list[str] = []

    def refused() -> None:
        raise OperationalError("attempt to write a readonly database")

    pipeline = Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000),
                        steps=ingestion(reactions=[
                            lambda v, event, now: [given_back(undone, event.name, refused)]]))
    with pytest.raises(StorageUnavailable):
        pipeline.run(visit, [{"n": "add_to_cart"}])
    assert undone == ["add_to_cart"]


def test_a_failure_after_the_commit_gives_back_nothing_stored(visit):
    undone: list[str] = []

    def broken(batch: Batch) -> None:
        raise RuntimeError("after the commit")

    steps = [*ingestion(reactions=[lambda v, event, now: [given_back(undone, event.name)]]),
             broken]
    pipeline = Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000),
                        steps=steps)
    with pytest.raises(RuntimeError):
        pipeline.run(visit, [{"n": "add_to_cart"}])
    assert undone == []
