"""Why a feature refused a request on the live channel (live/refused.py)."""

from __future__ import annotations

import pytest

from sitetracker.live.refused import Refused, too_many


def test_a_refusal_carries_its_status_message_and_fields():
    refused = Refused(400, "bad text", {"text": "at most 2000 characters"})
    assert (refused.status, refused.message, refused.fields) == (
        400, "bad text", {"text": "at most 2000 characters"})
    assert str(refused) == "bad text"
    assert Refused(403, "not yours").fields is None


@pytest.mark.parametrize(("wait", "seconds"), [(0.2, 1), (1.0, 1), (1.5, 2), (59.5, 60)])
def test_too_many_says_how_long_to_wait_in_whole_seconds_rounded_up(wait, seconds):
    refused = too_many(wait, "messages")
    assert refused.status == 429
    assert refused.message == f"too many messages: try again in {seconds} s"
