"""What is stored of organizations, sites, people and the rollups (models.py): the
roles in order, the keys that tell rows apart, and times stored as naive UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from peewee import IntegrityError

from sitetracker import tenancy
from sitetracker.db import database
from sitetracker.models import (
    ROLE_RANK,
    ROLES,
    DailyCount,
    Membership,
    Organization,
    Site,
    User,
    all_models,
    utcnow,
)
from sitetracker.notify.models import Delivery
from sitetracker.watch.models import WatchSetting


def test_roles_go_from_the_weakest_to_the_strongest():
    assert ROLES == ("viewer", "manager", "admin", "owner")
    assert [ROLE_RANK[r] for r in ROLES] == [1, 2, 3, 4]


def test_now_is_stored_as_naive_utc_to_the_second():
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    now = utcnow()
    assert now.tzinfo is None and now.microsecond == 0 and now >= before


def test_every_model_is_known_with_those_of_the_features():
    models = all_models()
    assert {Organization, Site, User, Membership, DailyCount, Delivery, WatchSetting} <= set(
        models)
    assert len(models) == len(set(models))


def test_a_sites_domains_are_a_list(app, world):
    with database.connection_context():
        site = tenancy.create_site(world.org_a, "Many", ["a.test", "b.test"])
    assert site.domain_list == ["a.test", "b.test"]
    assert Site(domains="").domain_list == []


@pytest.mark.parametrize("make", [
    lambda w: Site.create(organization=w.org_a, name="Shop A", public_key="k1", secret="s"),
    lambda w: Site.create(organization=w.org_a, name="New", public_key=w.site_b.public_key,
                          secret="s"),
    lambda w: Organization.create(name="x", slug=w.org_a.slug),
    lambda w: DailyCount.create(site=w.site_a.id, day=date(2026, 3, 10), metric="page",
                                key="/"),
])
def test_what_tells_rows_apart_is_unique(app, world, make):
    with database.connection_context():
        DailyCount.create(site=world.site_a.id, day=date(2026, 3, 10), metric="page", key="/")
        with pytest.raises(IntegrityError), database.atomic():
            make(world)


def test_another_organization_may_name_a_site_alike(app, world):
    with database.connection_context():
        Site.create(organization=world.org_b, name="Shop A", public_key="k2", secret="s")
        assert Site.select().where(Site.name == "Shop A").count() == 2


def test_an_email_is_one_persons(app, world, make_user):
    make_user("ann@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        with pytest.raises(IntegrityError), database.atomic():
            User.create(email="ann@a.test", password_hash="x")
        assert User.select().where(User.email == "ann@a.test").count() == 1
