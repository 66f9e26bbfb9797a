"""The privacy API: erasing a shopper, a site's retention periods, and the audit log."""

from __future__ import annotations

import pytest

from sitetracker import audit
from sitetracker.privacy import retention

from .. import retaining
from ..reading import token_headers

EMAIL = "jane.doe@example.test"


# The app on the test's clock, keeping raw events 30 days (tests/retaining.py): fixtures,
# by their names.
app_clock = retaining.app_clock
app_config = retaining.app_config


def test_the_shopper_is_named_exactly_one_way(app, client, world, make_user):
    headers = token_headers(make_user, world)
    url = f"/api/sites/{world.site_a.public_key}/shoppers"
    nobody = client.delete(url, headers=headers)
    assert nobody.status_code == 400 and "email" in nobody.json["error"]["fields"]
    both = client.delete(url + f"?email={EMAIL}&ref={'0' * 16}", headers=headers)
    assert both.status_code == 400 and "ref" in both.json["error"]["fields"]
    bad_ref = client.delete(url + "?ref=XYZ", headers=headers)
    assert bad_ref.status_code == 400 and "ref" in bad_ref.json["error"]["fields"]


def test_defaults_are_90_180_and_365_days_and_raw_events_the_servers(app, client, world,
                                                                      make_user):
    response = client.get(f"/api/sites/{world.site_a.public_key}/retention",
                          headers=token_headers(make_user, world, "viewer"))
    assert response.json == {"raw_events": None, "payment_errors": 90, "chats": 180,
                             "alerts": 365, "raw_events_ceiling": 30,
                             "raw_events_effective": 30}


def test_the_same_periods_saved_twice_are_saved(app, client, world, make_user):
    """MySQL counts an UPDATE that changes nothing as no row: the second save must not
    try to create the site's row again."""
    headers = token_headers(make_user, world)
    for _ in range(2):
        response = client.patch(f"/api/sites/{world.site_a.public_key}/retention",
                                json={"payment_errors": 10}, headers=headers)
        assert response.status_code == 200, response.json
        assert response.json["payment_errors"] == 10


@pytest.mark.parametrize(("body", "field"), [
    ({"payment_errors": 0}, "payment_errors"),
    ({"chats": 731}, "chats"),
    ({"alerts": "30"}, "alerts"),
    ({"raw_events": 31}, "raw_events"),
    ({"payment_errors": 1.5}, "payment_errors"),
])
def test_periods_out_of_bounds_are_refused_naming_the_field(app, client, world, make_user,
                                                            body, field):
    response = client.patch(f"/api/sites/{world.site_a.public_key}/retention", json=body,
                            headers=token_headers(make_user, world))
    assert response.status_code == 400 and field in response.json["error"]["fields"]
    assert retention.periods(world.site_a.id) == retention.Periods(None, 90, 180, 365)


def test_viewers_cannot_change_retention(app, client, world, make_user):
    response = client.patch(f"/api/sites/{world.site_a.public_key}/retention",
                            json={"chats": 5}, headers=token_headers(make_user, world, "viewer"))
    assert response.status_code == 403


def test_owners_read_the_log_of_their_organizations_only(app, client, world, make_user):
    audit.record("someone@a.test", world.site_a, "secret_rotated")
    audit.record("someone@b.test", world.site_b, "secret_rotated")
    audit.record("someone@a.test", world.org_a, "role_granted", {"email": "x@a.test"})
    owner = token_headers(make_user, world, "owner")
    listed = client.get("/api/audit", headers=owner)
    assert listed.status_code == 200
    entries = listed.json["entries"]
    assert [(e["actor"], e["action"], e["site"]) for e in entries] == [
        ("someone@a.test", "role_granted", None),
        ("someone@a.test", "secret_rotated", world.site_a.public_key)]
    assert entries[0]["details"] == {"email": "x@a.test"}
    only_site = client.get(f"/api/audit?site={world.site_a.public_key}", headers=owner)
    assert [e["action"] for e in only_site.json["entries"]] == ["secret_rotated"]
    assert client.get(f"/api/audit?site={world.site_b.public_key}",
                      headers=owner).status_code == 404
    assert client.get("/api/audit?org=store-b", headers=owner).status_code == 404
    older = client.get(f"/api/audit?before={entries[0]['id']}", headers=owner).json
    assert [e["action"] for e in older["entries"]] == ["secret_rotated"]
