"""The Web Vitals and catalog API: who may read a site's figures."""

from __future__ import annotations

import pytest

from ..reading import token_headers


def test_other_organizations_cannot_read_vitals(client, world, make_user):
    headers = token_headers(make_user, world, "viewer", org=world.org_b)
    response = client.get(f"/api/sites/{world.site_a.public_key}/vitals", headers=headers)
    assert response.status_code == 404


@pytest.fixture
def app_clock(clock):
    return clock


def test_both_default_to_today_in_the_sites_timezone(client, world, make_user):
    headers = token_headers(make_user, world, "viewer")
    for what in ("vitals", "catalog"):
        body = client.get(f"/api/sites/{world.site_a.public_key}/{what}", headers=headers).json
        assert (body["site"], body["timezone"]) == (world.site_a.public_key, "Europe/Paris")
        assert (body["from"], body["to"]) == ("2026-03-10", "2026-03-10")


def test_a_range_ending_before_it_starts_is_refused_and_to_alone_is_one_day(
        client, world, make_user):
    headers = token_headers(make_user, world, "viewer")
    url = f"/api/sites/{world.site_a.public_key}/catalog"
    bad = client.get(url + "?from=2026-03-05&to=2026-03-01", headers=headers)
    assert bad.status_code == 400 and "to" in bad.json["error"]["fields"]
    only_to = client.get(url + "?to=2026-03-05", headers=headers).json
    assert (only_to["from"], only_to["to"]) == ("2026-03-05", "2026-03-05")


def test_a_new_sites_catalog_is_empty(client, world, make_user):
    body = client.get(f"/api/sites/{world.site_a.public_key}/catalog",
                      headers=token_headers(make_user, world, "viewer")).json
    assert (body["products"], body["searches"], body["searches_none"]) == ([], [], [])


def test_signed_out_and_other_organizations_cannot_read_the_catalog(client, world, make_user):
    url = f"/api/sites/{world.site_a.public_key}/catalog"
    assert client.get(url).status_code == 401
    outsider = token_headers(make_user, world, "viewer", org=world.org_b)
    assert client.get(url, headers=outsider).status_code == 404
