"""Defining, renaming and deleting a site's funnels."""

from __future__ import annotations

import json
from datetime import date, datetime

from sitetracker.funnels import definitions
from sitetracker.funnels.models import FunnelDefinition, FunnelProgress
from sitetracker.models import DailyCount, MonthlyCount

STEPS = [{"page": "/shirts*"}, {"event": "purchase"}]
NOW = datetime(2026, 3, 10, 9, 30)


def test_define_stores_the_funnel_counting_from_now(db, world):
    row = definitions.define(world.site_a.id, "Shirts", "day", STEPS, NOW)

    stored = FunnelDefinition.get_by_id(row.id)
    assert (stored.site_id, stored.name, stored.scope, stored.kind) == (
        world.site_a.id, "Shirts", "day", "custom")
    assert json.loads(stored.steps) == STEPS and stored.created_at == NOW


def test_rename_keeps_the_steps(db, world):
    row = definitions.define(world.site_a.id, "Shirts", "session", STEPS, NOW)

    definitions.rename(row, "Linen shirts")

    stored = FunnelDefinition.get_by_id(row.id)
    assert stored.name == "Linen shirts" and json.loads(stored.steps) == STEPS


def test_remove_deletes_the_funnel_its_progress_and_only_its_counts(db, world):
    gone = definitions.define(world.site_a.id, "Gone", "session", STEPS, NOW)
    kept = definitions.define(world.site_a.id, "Kept", "session", STEPS, NOW)
    day = date(2026, 3, 10)
    FunnelProgress.create(funnel=gone, day=day, unit="s1", reached=2)
    for funnel in (gone, kept):
        DailyCount.create(site=world.site_a, day=day, metric="funnel",
                          key=f"{funnel.id}\t1", value=3)
        MonthlyCount.create(site=world.site_a, month="2026-03", metric="funnel",
                            key=f"{funnel.id}\t1", value=3)
    DailyCount.create(site=world.site_a, day=day, metric="pageviews", key="", value=9)

    definitions.remove(gone)

    assert [r.name for r in FunnelDefinition.select()] == ["Kept"]
    assert FunnelProgress.select().count() == 0
    assert sorted((r.metric, r.key) for r in DailyCount.select()) == [
        ("funnel", f"{kept.id}\t1"), ("pageviews", "")]
    assert [r.key for r in MonthlyCount.select()] == [f"{kept.id}\t1"]
