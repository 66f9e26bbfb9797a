"""The simulator's journeys (shopper.py): each follows the protocol and passes the
server's own validation."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

from sitetracker.ingest.schemas import load_events
from sitetracker.simulate.profiles import draw
from sitetracker.simulate.shopper import CLOSE, OPEN, TICK, plan

ORIGIN = "https://demo.sitetracker.test"


def test_journeys_follow_the_protocol_and_pass_the_servers_validation() -> None:
    rng = random.Random(11)
    seen: Counter[str] = Counter()
    for _ in range(400):
        profile = draw(rng)
        steps = plan(rng, profile, ORIGIN)
        assert steps[0].action == OPEN and steps[-1].action == CLOSE
        assert steps[-1].events[0]["n"] == "leave"
        assert 0.5 < sum(s.wait for s in steps) < 480
        page_open, clock, last_sent = False, 0.0, 0.0
        for step in steps:
            load_events(list(step.events))  # the server's own schema; raises if invalid
            clock += step.wait
            if not profile.live_connection and page_open and not profile.is_bot:
                assert clock - last_sent <= 15 + TICK, "beacon-only pages send heartbeats"
            last_sent = clock
            assert page_open == (step.action != OPEN), "pages open and close in turn"
            page_open = step.action != CLOSE
            for event in step.events:
                seen[event["n"]] += 1
                assert 0 <= event.get("e", 0) <= TICK
                if event["n"] == "pageview":
                    assert event["u"].startswith(ORIGIN + "/")
        names = [e["n"] for s in steps for e in s.events]
        if profile.is_bot:
            assert set(names) <= {"pageview", "leave"}
        if "purchase" in names:
            assert names.index("pageview", names.index("pay_now")) < names.index("purchase")
        if "payment_error" in names:
            presses = [t for t, s in _timed(steps) if s.events[0]["n"] == "pay_now"]
            assert 2 <= len(presses) <= 4 and presses[-1] - presses[0] <= 150
    for name in ("add_to_cart", "remove_from_cart", "checkout", "pay_now", "payment_error",
                 "purchase", "engage", "view_item"):
        assert seen[name] > 0, name


def _timed(steps: list[Any]) -> Iterator[tuple[float, Any]]:
    clock = 0.0
    for step in steps:
        clock += step.wait
        yield clock, step
