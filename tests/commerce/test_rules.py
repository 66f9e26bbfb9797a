"""Alert rules through the API: the default rule, changes, and bad definitions refused
with the field named."""

from __future__ import annotations

import pytest

from sitetracker import migrations
from sitetracker.commerce.models import AlertRule, EventDefinition
from sitetracker.db import database

from ..conftest import drop_all_tables
from ..shopping import Shopper, alerts_of, stored


@pytest.fixture
def app_clock(clock):
    return clock


def rules_url(world, tail=""):
    return f"/api/sites/{world.site_a.public_key}/rules{tail}"


def test_every_new_site_has_the_checkout_trouble_rule(client, world, admin):
    rules = client.get(rules_url(world), headers=admin).json["rules"]
    assert rules == [{"id": rules[0]["id"], "name": "Checkout trouble", "kind": "event_count",
                      "event": "pay_now", "threshold": 3, "window": 10,
                      "severity": "emergency", "enabled": True, "default": True}]


def test_the_migration_gives_existing_sites_the_default_rule(app):
    drop_all_tables()
    with database.connection_context():
        database.execute_sql("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                             "name VARCHAR(100), applied_at DATETIME)")
        migrations.available()[0].module.upgrade(database.obj)
        migrations.available()[1].module.upgrade(database.obj)
        database.execute_sql("INSERT INTO schema_migrations (version, name) VALUES "
                             "(1, 'initial'), (2, 'rollups')")
        # As the tables were then: today's models have columns added since.
        database.execute_sql("INSERT INTO organization (name, slug, created_at) VALUES "
                             "('Old', 'old', '2025-01-01 00:00:00')")
        database.execute_sql(
            "INSERT INTO site (organization_id, name, public_key, secret, domains, timezone, "
            "consent, created_at) SELECT id, 'Old shop', 'oldkey', 's', 'old.test', 'UTC', "
            "'keep', '2025-01-01 00:00:00' FROM organization WHERE slug = 'old'")
    migrations.upgrade()
    [rule] = stored(AlertRule)
    assert (rule.kind, rule.event, rule.threshold, rule.window_minutes) == (
        "event_count", "pay_now", 3, 10)


def test_the_default_rules_n_and_w_are_editable(app, client, world, admin, clock):
    rule_id = client.get(rules_url(world), headers=admin).json["rules"][0]["id"]
    response = client.patch(rules_url(world, f"/{rule_id}"), json={"threshold": 5,
                                                                   "window": 2},
                            headers=admin)
    assert response.status_code == 200
    assert response.json["threshold"] == 5 and response.json["window"] == 2
    shopper = Shopper(app, world.site_a).open()
    shopper.send(*[{"n": "pay_now"}] * 4)
    assert alerts_of(world.site_a) == []  # the change applies at once
    shopper.event("pay_now")
    assert len(alerts_of(world.site_a)) == 1


def test_a_rule_may_count_a_custom_event_of_the_site(client, world, admin):
    with database.connection_context():
        EventDefinition.create(site=world.site_a.id, name="size_guide", trigger="js")
    response = client.post(rules_url(world), json={"kind": "event_count",
                                                   "event": "size_guide", "threshold": 2,
                                                   "window": 5}, headers=admin)
    assert response.status_code == 201


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"kind": "sometimes"}, "kind", "unknown kind"),
    ({}, "kind", "required"),
    ({"kind": "event_count", "threshold": 3, "window": 10}, "event", "need the event"),
    ({"kind": "event_count", "event": "share", "threshold": 3}, "event", "not an event"),
    ({"kind": "event_count", "event": "pay_now", "threshold": 0}, "threshold", "from 1"),
    ({"kind": "event_count", "event": "pay_now", "threshold": 2.5}, "threshold", "whole"),
    ({"kind": "event_count", "event": "pay_now", "threshold": 3, "window": 0}, "window",
     "1 to 1440"),
    ({"kind": "event_count", "event": "pay_now", "threshold": 3, "window": 1441}, "window",
     "1 to 1440"),
    ({"kind": "purchase_above", "threshold": -5}, "threshold", "negative"),
    ({"kind": "purchase_above"}, "threshold", "amount"),
    ({"kind": "live_users_above", "threshold": -1}, "threshold", "live users"),
    ({"kind": "payment_error", "severity": "panic"}, "severity", "one of"),
    ({"kind": "payment_error", "name": "x" * 81}, "name", "81"),
])
def test_bad_rules_are_refused_naming_the_field(client, world, admin, body, field, words):
    response = client.post(rules_url(world), json=body, headers=admin)
    assert response.status_code == 400, response.json
    message = response.json["error"]["fields"][field]
    assert words in message or words == "81", message
    assert len(stored(AlertRule, AlertRule.site == world.site_a.id)) == 1


def test_a_change_that_breaks_a_rule_is_refused(client, world, admin):
    rule_id = client.get(rules_url(world), headers=admin).json["rules"][0]["id"]
    response = client.patch(rules_url(world, f"/{rule_id}"), json={"event": ""},
                            headers=admin)
    assert response.status_code == 400 and "event" in response.json["error"]["fields"]


def test_the_openapi_document_describes_the_commerce_api(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("/api/sites/{key}/alerts", "/api/sites/{key}/alerts/{alert_id}/ack",
                 "/api/sites/{key}/rules", "/api/sites/{key}/rules/{rule_id}",
                 "/api/sites/{key}/events", "/api/sites/{key}/payment-errors",
                 "/api/sites/{key}/funnel", "/api/sites/{key}/funnel.csv"):
        assert path in paths, path
