"""The commerce API: custom event definitions and the daily funnel's history."""

from __future__ import annotations

import pytest

from .. import reading
from ..commerce.test_events import events_url
from ..reading import token_headers
from ..reports.test_abandonment import funnel


@pytest.fixture
def app_clock(clock):
    return clock


admin = reading.admin  # the fixture: an admin's API token headers on organization A


def test_viewers_read_definitions_but_cannot_change_them(client, world, make_user):
    viewer = token_headers(make_user, world, "viewer")
    assert client.get(events_url(world), headers=viewer).json == {"events": []}
    response = client.post(events_url(world), json={"name": "share", "trigger": "js"},
                           headers=viewer)
    assert response.status_code == 403


def test_another_organization_cannot_see_the_definitions(client, world, make_user):
    outsider = token_headers(make_user, world, "owner", world.org_b)
    assert client.get(events_url(world), headers=outsider).status_code == 404


def test_the_history_is_7_30_or_90_days(client, world, make_user):
    headers = token_headers(make_user, world, "viewer")
    assert len(funnel(client, world, headers, 90)["days"]) == 90
    bad = client.get(f"/api/sites/{world.site_a.public_key}/funnel?days=12", headers=headers)
    assert bad.status_code == 400 and "days" in bad.json["error"]["fields"]


def test_another_organization_cannot_read_the_history(client, world, make_user):
    outsider = token_headers(make_user, world, "owner", world.org_b)
    url = f"/api/sites/{world.site_a.public_key}/funnel"
    assert client.get(url, headers=outsider).status_code == 404
    assert client.get(url + ".csv", headers=outsider).status_code == 404
