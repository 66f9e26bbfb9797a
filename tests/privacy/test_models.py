"""What privacy stores: one row of retention periods a site, gone with the site."""

from __future__ import annotations

import pytest
from peewee import IntegrityError, OperationalError

from sitetracker.db import database
from sitetracker.models import Site
from sitetracker.privacy.models import Retention


def periods(site_id: int, **days: int | None) -> dict[str, int | None]:
    return {"site": site_id, "payment_errors_days": 90, "chats_days": 180,
            "alerts_days": 365, **days}


def test_a_site_has_one_row_of_periods(world):
    with database.connection_context():
        Retention.create(**periods(world.site_a.id))
        with pytest.raises(IntegrityError), database.atomic():
            Retention.create(**periods(world.site_a.id, chats_days=10))
        Retention.create(**periods(world.site_b.id, chats_days=10))
        assert Retention.select().count() == 2


def test_raw_events_default_to_the_servers_setting(world):
    with database.connection_context():
        row = Retention.create(**periods(world.site_a.id))
        again = Retention.get_by_id(row.id)
    assert again.raw_events_days is None and again.updated_at is not None
    assert (again.payment_errors_days, again.chats_days, again.alerts_days) == (90, 180, 365)


def test_every_period_but_raw_events_is_required(world):
    with database.connection_context():
        # SQLite: NOT NULL constraint failed; MySQL in strict mode: no default value.
        with pytest.raises((IntegrityError, OperationalError)), database.atomic():
            Retention.create(site=world.site_a.id, payment_errors_days=90, chats_days=180)


def test_the_periods_go_with_their_site(world):
    with database.connection_context():
        Retention.create(**periods(world.site_a.id))
        Site.delete().where(Site.id == world.site_a.id).execute()
        assert Retention.select().count() == 0
