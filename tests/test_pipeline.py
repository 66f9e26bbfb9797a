"""The event steps, one test per step and per drop reason."""

from __future__ import annotations

import pytest

from sitetracker.clock import ManualClock
from sitetracker.domain import Drop, Event, SiteInfo, Visit
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.ingest.geo import UNKNOWN
from sitetracker.ingest.pipeline import (
    DROP_FOREIGN_PAGE,
    Pipeline,
    drop_foreign_page,
    put_page,
    put_source,
)
from sitetracker.ingest.platform import detect
from sitetracker.ingest.visit import DROP_BOT, identify
from sitetracker.live.state import LiveState
from sitetracker.live.store import MemoryStore

from .test_collect import CHROME, GOOGLEBOT

SITE = SiteInfo(id=1, key="k", organization_id=1, domains=("shop.test",), timezone="UTC",
                secret="s")


@pytest.fixture
def visit():
    return Visit(SITE, "visitor-1", "session-1", False, detect(CHROME), UNKNOWN)


def test_identify_drops_bots_with_a_reason():
    outcome = identify(SITE, {"v": "visitor-1"}, GOOGLEBOT, "81.2.69.142", None)  # type: ignore[arg-type]
    assert outcome == Drop(DROP_BOT)


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
    pipeline = Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000))
    seen: list[str] = []
    pipeline.listeners.append(lambda v, event, now: seen.append(event.name))
    pipeline.run(visit, [{"n": "add_to_cart", "p": {"value": 5}}, {"n": "pageview",
                                                                    "u": "https://x.test/"}])
    assert seen == ["add_to_cart"]


def test_raw_event_log_is_kept_only_when_enabled(visit):
    off, on = WriteBuffer(), WriteBuffer()
    Pipeline(LiveState(MemoryStore()), off, ManualClock(0)).run(visit, [{"n": "checkout"}])
    Pipeline(LiveState(MemoryStore()), on, ManualClock(0), keep_raw=True).run(
        visit, [{"n": "checkout"}])
    assert off.raw == [] and [r["name"] for r in on.raw] == ["checkout"]


def test_every_drop_reason_is_spelled_out_for_the_verify_mode():
    from sitetracker.ingest.pipeline import DROP_EXPLAINED, DROP_REASONS

    assert set(DROP_EXPLAINED) == set(DROP_REASONS)
    assert all(text.startswith("dropped: ") for text in DROP_EXPLAINED.values())
