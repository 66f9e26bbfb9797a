"""One JSON POST, as every webhook channel sends it (channels/http.py): what may be
retried and what not."""

from __future__ import annotations

import pytest

from sitetracker.notify.channels import slack, webhook

from .notices import NOTICE, NOW


@pytest.mark.parametrize("status, retry", [(500, True), (503, True), (429, True),
                                           (404, False), (410, False)])
def test_a_server_error_may_be_retried_a_refusal_not(receiver, status, retry):
    receiver.statuses.append(status)
    outcome = webhook.send(receiver.url("/hook"), "s", NOTICE, 1, NOW)
    assert not outcome.ok and outcome.code == status and outcome.retry is retry


def test_nobody_listening_may_be_retried():
    from ...servers import free_port

    outcome = slack.send(f"http://127.0.0.1:{free_port()}/x", NOTICE)
    assert not outcome.ok and outcome.code is None and outcome.retry
