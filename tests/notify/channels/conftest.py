"""A local HTTP receiver for the webhook channels (Slack, Teams, signed webhooks)."""

from __future__ import annotations

import pytest

from ...receivers import http_receiver


@pytest.fixture
def receiver():
    with http_receiver() as found:
        yield found
