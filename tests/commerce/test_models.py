"""What commerce stores (commerce/models.py): the constraints its rows keep."""

from __future__ import annotations

from datetime import date

import pytest
from peewee import IntegrityError

from sitetracker.commerce.models import (
    Alert,
    AlertPreference,
    AlertRule,
    EventDefinition,
    FunnelVisitor,
)
from sitetracker.db import database
from sitetracker.models import Site

DAY = date(2026, 3, 10)


def test_an_event_name_is_defined_once_per_site(app, world):
    with database.connection_context():
        EventDefinition.create(site=world.site_a.id, name="share", trigger="js")
        EventDefinition.create(site=world.site_b.id, name="share", trigger="js")
        with pytest.raises(IntegrityError), database.atomic():
            EventDefinition.create(site=world.site_a.id, name="share", trigger="click")


def test_a_shopper_reaches_a_funnel_stage_once_a_day(app, world):
    site = world.site_a.id
    with database.connection_context():
        FunnelVisitor.create(site=site, day=DAY, stage="cart", visitor="v1")
        FunnelVisitor.create(site=site, day=DAY, stage="checkout", visitor="v1")
        FunnelVisitor.create(site=site, day=date(2026, 3, 11), stage="cart", visitor="v1")
        with pytest.raises(IntegrityError), database.atomic():
            FunnelVisitor.create(site=site, day=DAY, stage="cart", visitor="v1")


def test_one_preference_per_person(app):
    with database.connection_context():
        AlertPreference.create(who="ann@a.test", sales="toast")
        with pytest.raises(IntegrityError), database.atomic():
            AlertPreference.create(who="ann@a.test")
        assert AlertPreference.get(AlertPreference.who == "ann@a.test").sales == "toast"


def test_an_alert_outlives_its_rule_and_goes_with_its_site(app, world):
    with database.connection_context():
        rule = AlertRule.create(site=world.site_a.id, name="Big", kind="purchase_above",
                                threshold=100)
        alert = Alert.create(site=world.site_a.id, rule=rule, kind="purchase_above",
                             severity="info", title="A big purchase")
        rule.delete_instance()
        kept = Alert.get_by_id(alert.id)
        assert kept.rule_id is None and kept.title == "A big purchase"
        assert kept.details == "{}" and kept.outcome == ""
        Site.delete().where(Site.id == world.site_a.id).execute()
        assert Alert.select().count() == 0
