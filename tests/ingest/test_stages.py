"""The pipeline's stages (ingest/stages.py): a batch's drops, one test per reason from the
closed set, which is enforced."""

from __future__ import annotations

import pytest

from sitetracker.clock import ManualClock
from sitetracker.domain import Drop
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.ingest.pipeline import DROP_FOREIGN_PAGE, Pipeline, ingestion
from sitetracker.ingest.stages import (
    DROP_DUPLICATE,
    DROP_REASONS,
    DROP_THROTTLED,
    UnknownDropReason,
    checked,
)
from sitetracker.ingest.visit import DROP_BOT
from sitetracker.live.state import LiveState
from sitetracker.live.store import MemoryStore

from . import visits
from .visits import SITE

visit = visits.visit  # the fixture: a desktop Chrome visit of SITE (tests/ingest/visits.py)


def test_every_drop_reason_is_spelled_out_for_the_verify_mode():
    from sitetracker.ingest.pipeline import DROP_EXPLAINED, DROP_REASONS

    assert set(DROP_EXPLAINED) == set(DROP_REASONS)
    assert all(text.startswith("dropped: ") for text in DROP_EXPLAINED.values())


# -- one test per drop reason: the Result names it ---------------------------------------
def pipeline_of(**stages) -> Pipeline:
    return Pipeline(LiveState(MemoryStore()), WriteBuffer(), ManualClock(1_000_000),
                    steps=ingestion(**stages))


def test_a_bots_events_are_dropped_as_bot_and_touch_nothing():
    live, buffer = LiveState(MemoryStore()), WriteBuffer()
    pipeline = Pipeline(live, buffer, ManualClock(1_000_000))
    result = pipeline.run(Drop(DROP_BOT), [{"n": "pageview", "u": "https://shop.test/"},
                                           {"n": "add_to_cart"}], beacon=True, live=True)
    assert result.as_json() == {"ok": 0, "dropped": {DROP_BOT: 2}}
    assert live.live_visitors(SITE.id, 1_000_000) == [] and buffer.counts == {}


def test_a_page_on_another_domain_is_dropped_as_foreign_page(visit):
    result = pipeline_of().run(visit, [{"n": "pageview", "u": "https://evil.test/"}])
    assert result.as_json() == {"ok": 0, "dropped": {DROP_FOREIGN_PAGE: 1}}


def test_events_past_the_rate_limit_are_dropped_as_throttled(visit):
    seen: list[str] = []
    pipeline = pipeline_of(reactions=[lambda v, event, now: seen.append(event.name)])
    result = pipeline.run(visit, [{"n": "add_to_cart"}, {"n": "checkout"}, {"n": "signup"}],
                          allowed=1)
    assert result.as_json() == {"ok": 1, "dropped": {DROP_THROTTLED: 2}}
    assert seen == ["add_to_cart"]


def test_an_id_received_before_is_dropped_as_duplicate(visit):
    pipeline = pipeline_of()
    first = pipeline.run(visit, [{"n": "signup", "i": "a"}, {"n": "signup", "i": "a"}])
    again = pipeline.run(visit, [{"n": "signup", "i": "a"}, {"n": "signup", "i": "b"}])
    assert first.as_json() == {"ok": 1, "dropped": {DROP_DUPLICATE: 1}}
    assert again.as_json() == {"ok": 1, "dropped": {DROP_DUPLICATE: 1}}


def test_each_drop_reason_has_its_test_here():
    tested = {DROP_BOT, DROP_FOREIGN_PAGE, DROP_THROTTLED, DROP_DUPLICATE}
    assert tested == set(DROP_REASONS)


def test_a_drop_reason_outside_the_closed_set_is_refused(visit):
    live, buffer = LiveState(MemoryStore()), WriteBuffer()
    pipeline = Pipeline(live, buffer, ManualClock(1_000_000), steps=ingestion(
        put_page_type=lambda event, v: Drop("looked_odd")))
    with pytest.raises(UnknownDropReason):
        pipeline.run(visit, [{"n": "pageview", "u": "https://shop.test/"}])
    with pytest.raises(UnknownDropReason):
        checked("looked_odd")
    assert buffer.counts == {} and live.live_visitors(SITE.id, 1_000_000) == []
