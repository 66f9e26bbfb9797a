"""The alerts API: a site's alerts, their acknowledgement, and its alert rules."""

from __future__ import annotations

import pytest

from sitetracker.commerce.models import AlertRule

from .. import reading
from ..commerce.test_rules import rules_url
from ..reading import token_headers
from ..shopping import Shopper, admin_socket, alerts_of, received, stored


@pytest.fixture
def app_clock(clock):
    return clock


admin = reading.admin  # the fixture: an admin's API token headers on organization A


def test_alerts_are_listed_newest_first_and_filtered(app, client, world, clock, make_user):
    shopper = Shopper(app, world.site_a).open()
    shopper.send(*[{"n": "pay_now"}] * 3)
    shopper.event("purchase", value=10.0, currency="EUR")
    headers = token_headers(make_user, world, "viewer")
    key = world.site_a.public_key
    listed = client.get(f"/api/sites/{key}/alerts", headers=headers).json["alerts"]
    assert [a["kind"] for a in listed] == ["sale", "event_count"]
    sales = client.get(f"/api/sites/{key}/alerts?kind=sale", headers=headers).json["alerts"]
    assert [a["kind"] for a in sales] == ["sale"]
    bad = client.get(f"/api/sites/{key}/alerts?kind=nope", headers=headers)
    assert bad.status_code == 400 and "kind" in bad.json["error"]["fields"]


def test_an_admin_acknowledges_an_alert_and_every_admin_hears_of_it(app, client, world,
                                                                    clock, make_user):
    Shopper(app, world.site_a).open().send(*[{"n": "pay_now"}] * 3)
    [row] = alerts_of(world.site_a)
    board = admin_socket(app, world.site_a)
    key = world.site_a.public_key
    viewer = token_headers(make_user, world, "viewer")
    assert client.post(f"/api/sites/{key}/alerts/{row.id}/ack",
                       headers=viewer).status_code == 403
    response = client.post(f"/api/sites/{key}/alerts/{row.id}/ack",
                           headers=token_headers(make_user, world))
    assert response.status_code == 200
    assert response.json["acknowledged"] and response.json["acknowledged_by"] == "admin@x.test"
    assert received(board, world.site_a, "alert_ack")[0]["id"] == row.id
    open_ = client.get(f"/api/sites/{key}/alerts?acknowledged=0", headers=viewer).json
    assert open_["alerts"] == []


def test_another_organization_cannot_read_or_acknowledge_alerts(app, client, world, clock,
                                                                make_user):
    Shopper(app, world.site_a).open().send(*[{"n": "pay_now"}] * 3)
    [row] = alerts_of(world.site_a)
    outsider = token_headers(make_user, world, "owner", world.org_b)
    key = world.site_a.public_key
    assert client.get(f"/api/sites/{key}/alerts", headers=outsider).status_code == 404
    assert client.post(f"/api/sites/{key}/alerts/{row.id}/ack",
                       headers=outsider).status_code == 404
    own = world.site_b.public_key
    assert client.post(f"/api/sites/{own}/alerts/{row.id}/ack",
                       headers=outsider).status_code == 404


def test_rules_are_created_disabled_and_deleted(client, world, admin):
    response = client.post(rules_url(world), json={"kind": "purchase_above",
                                                   "threshold": 250.5, "window": 1},
                           headers=admin)
    assert response.status_code == 201
    rule = response.json
    assert rule["name"] == "Purchase above 250.5" and rule["severity"] == "warning"
    off = client.patch(rules_url(world, f"/{rule['id']}"), json={"enabled": False},
                       headers=admin)
    assert off.json["enabled"] is False
    assert client.delete(rules_url(world, f"/{rule['id']}"),
                         headers=admin).status_code == 204
    assert len(client.get(rules_url(world), headers=admin).json["rules"]) == 1


def test_viewers_read_rules_but_cannot_change_them(client, world, make_user):
    viewer = token_headers(make_user, world, "viewer")
    rule_id = client.get(rules_url(world), headers=viewer).json["rules"][0]["id"]
    assert client.patch(rules_url(world, f"/{rule_id}"), json={"threshold": 9},
                        headers=viewer).status_code == 403
    assert client.delete(rules_url(world, f"/{rule_id}"), headers=viewer).status_code == 403
    assert client.post(rules_url(world), json={"kind": "payment_error"},
                       headers=viewer).status_code == 403


def test_another_organizations_rules_are_hidden(client, world, make_user):
    outsider = token_headers(make_user, world, "owner", world.org_b)
    assert client.get(rules_url(world), headers=outsider).status_code == 404
    [own_rule] = stored(AlertRule, AlertRule.site == world.site_b.id)
    theirs = stored(AlertRule, AlertRule.site == world.site_a.id)[0]
    url = f"/api/sites/{world.site_b.public_key}/rules/{theirs.id}"
    assert client.patch(url, json={"threshold": 9}, headers=outsider).status_code == 404
    assert own_rule.threshold == 3
