"""What one attempt came to (channels/__init__.py: ``Outcome``), as every channel
reports it to the sender."""

from __future__ import annotations

import dataclasses

import pytest

from sitetracker.notify.channels import Outcome, webhook

from .notices import NOTICE, NOW


def test_an_outcome_is_a_success_that_needs_no_retry_unless_told():
    outcome = Outcome(True, 250)
    assert (outcome.ok, outcome.code, outcome.error, outcome.retry) == (True, 250, "", False)
    assert Outcome(False, None, "no answer", True) == Outcome(False, None, "no answer", True)


def test_an_outcome_once_reported_cannot_be_changed():
    outcome = Outcome(False, 503, "HTTP 503", retry=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.retry = False  # type: ignore[misc]


def test_a_channel_says_what_went_wrong_in_its_outcome(receiver):
    receiver.statuses.append(404)
    outcome = webhook.send(receiver.url("/hook"), "s", NOTICE, 1, NOW)
    assert outcome == Outcome(False, 404, "HTTP 404 Not Found", False)
