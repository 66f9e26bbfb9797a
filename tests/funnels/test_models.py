"""What funnels store (funnels/models.py)."""

from __future__ import annotations

from datetime import date

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.funnels.models import FunnelDefinition, FunnelProgress

DAY = date(2026, 3, 10)


def funnel(site) -> FunnelDefinition:
    return FunnelDefinition.create(site=site.id, name="Shirts",
                                   steps='[{"page": "/"}, {"event": "purchase"}]')


def test_a_definition_is_a_custom_session_funnel_by_default(app, world):
    with database.connection_context():
        row = FunnelDefinition.get_by_id(funnel(world.site_a).id)
        assert (row.scope, row.kind) == ("session", "custom")
        assert row.created_at is not None


def test_a_unit_has_one_progress_row_per_funnel_and_day(app, world):
    with database.connection_context():
        shirts = funnel(world.site_a)
        FunnelProgress.create(funnel=shirts, day=DAY, unit="session-1", reached=1)
        FunnelProgress.create(funnel=shirts, day=date(2026, 3, 11), unit="session-1")
        with pytest.raises(IntegrityError), database.atomic():
            FunnelProgress.create(funnel=shirts, day=DAY, unit="session-1", reached=2)


def test_deleting_a_funnel_deletes_its_progress(app, world):
    with database.connection_context():
        shirts, other = funnel(world.site_a), funnel(world.site_a)
        FunnelProgress.create(funnel=shirts, day=DAY, unit="session-1", reached=1)
        FunnelProgress.create(funnel=other, day=DAY, unit="session-1", reached=1)
        shirts.delete_instance()
        assert [row.funnel_id for row in FunnelProgress.select()] == [other.id]
