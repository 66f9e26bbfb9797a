"""What admins change: alert rules and event definitions (commerce/admin.py), through
the JSON API and directly."""

from __future__ import annotations

import pytest

from sitetracker.audit import AuditEntry
from sitetracker.commerce import admin as admin_module
from sitetracker.commerce.models import AlertRule, EventDefinition
from sitetracker.conflict import Conflict
from sitetracker.db import database

from .test_events import events_url


def test_a_name_is_defined_once_per_site(client, world, admin):
    body = {"name": "share", "trigger": "js"}
    assert client.post(events_url(world), json=body, headers=admin).status_code == 201
    again = client.post(events_url(world), json=body, headers=admin)
    assert again.status_code == 409 and "name" in again.json["error"]["fields"]


def test_an_event_counted_by_a_rule_is_not_deleted(client, world, admin):
    created = client.post(events_url(world), json={"name": "share", "trigger": "js"},
                          headers=admin).json
    rules = f"/api/sites/{world.site_a.public_key}/rules"
    client.post(rules, json={"kind": "event_count", "event": "share", "threshold": 2,
                             "window": 5}, headers=admin)
    response = client.delete(events_url(world, f"/{created['id']}"), headers=admin)
    assert response.status_code == 409 and "event" in response.json["error"]["fields"]


def commerce_of(app):
    return app.extensions["sitetracker.commerce"]


def test_a_sites_rows_are_found_only_through_that_site(app, world):
    with database.connection_context():
        rule = AlertRule.create(site=world.site_a.id, name="Big cart", kind="purchase_above",
                                threshold=500)
        event = EventDefinition.create(site=world.site_a.id, name="share", trigger="js")
        assert admin_module.rule_of(world.site_a.id, rule.id) == rule
        assert admin_module.rule_of(world.site_b.id, rule.id) is None
        assert admin_module.rule_of(world.site_a.id, rule.id + 1000) is None
        assert admin_module.definition_of(world.site_a.id, event.id) == event
        assert admin_module.definition_of(world.site_b.id, event.id) is None


def test_definitions_are_listed_by_name_and_rules_oldest_first(app, world):
    site = world.site_a.id
    with database.connection_context():
        before = [rule.name for rule in admin_module.rules_of(site)]
        for name in ("zoom", "apply", "more"):
            EventDefinition.create(site=site, name=name, trigger="js")
            AlertRule.create(site=site, name=f"Rule {name}", kind="purchase_above",
                             threshold=1)
        EventDefinition.create(site=world.site_b.id, name="other", trigger="js")
        assert [row.name for row in admin_module.definitions_of(site)] == [
            "apply", "more", "zoom"]
        assert [rule.name for rule in admin_module.rules_of(site)] == [
            *before, "Rule zoom", "Rule apply", "Rule more"]


def test_an_event_a_rule_counts_is_not_renamed_and_changes_are_audited(app, world):
    commerce = commerce_of(app)
    with database.connection_context():
        site = world.site_a
        row = admin_module.save_definition(commerce, site, {"name": "share", "trigger": "js"},
                                           by="ann@a.test")
        admin_module.save_rule(commerce, site, {"kind": "event_count", "event": "share",
                                                "threshold": 2, "window": 5},
                               by="ann@a.test")
        with pytest.raises(Conflict):
            admin_module.save_definition(commerce, site, {"name": "shared", "trigger": "js"},
                                         row, by="ann@a.test")
        assert EventDefinition.get_by_id(row.id).name == "share"
        actions = [entry.action for entry in AuditEntry.select().order_by(AuditEntry.id)
                   if entry.actor == "ann@a.test"]
        assert actions == ["event_defined", "rule_created"]
