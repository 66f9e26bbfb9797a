"""How far each session or visitor-day got in each funnel, at flush
(funnels/progress.py)."""

from __future__ import annotations

import json
from datetime import date

from sitetracker.db import database
from sitetracker.funnels.models import FunnelDefinition, FunnelProgress
from sitetracker.funnels.progress import funnels_of, progress
from sitetracker.funnels.steps import CART_NAME, CART_STEPS
from sitetracker.ingest.sessions import SessionTouch

DAY = date(2026, 3, 10)


def define(site, scope, steps) -> FunnelDefinition:
    return FunnelDefinition.create(site=site.id, name="Mine", scope=scope,
                                   steps=json.dumps(steps))


def touch(*trail: str, visitor: str = "") -> SessionTouch:
    return SessionTouch(visitor=visitor, trail=trail)


def test_a_site_gets_the_cart_funnel_the_first_time_it_needs_one(app, world):
    with database.connection_context():
        [cart] = funnels_of(world.site_a.id)
        assert funnels_of(world.site_a.id) == [cart]
        row = FunnelDefinition.get_by_id(cart.id)
        assert (row.name, row.kind, row.scope) == (CART_NAME, "cart", "day")
        assert json.loads(row.steps) == CART_STEPS
        assert FunnelDefinition.select().where(
            FunnelDefinition.site == world.site_b.id).count() == 0


def test_each_step_reached_adds_one_to_its_counter_once(app, world):
    site = world.site_a
    with database.connection_context():
        mine = define(site, "session", [{"page": "/shirts*"}, {"event": "purchase"}])
        [cart] = [each for each in funnels_of(site.id) if each.id != mine.id]
        added = progress(site.id, DAY, [("s1", touch("p/shirts", "eadd_to_cart")),
                                        ("s2", touch("p/"))])
        assert added == {("funnel", f"{mine.id}\t1"): 1,
                         ("funnel", f"{cart.id}\t1"): 2, ("funnel", f"{cart.id}\t2"): 1}
        # The next flush goes on from the steps stored; a step reached again adds nothing.
        added = progress(site.id, DAY, [("s1", touch("p/shirts", "epurchase"))])
        assert added == {("funnel", f"{mine.id}\t2"): 1}
        reached = {(row.funnel_id, row.unit): row.reached for row in FunnelProgress.select()}
        assert reached[(mine.id, "s1")] == 2 and (mine.id, "s2") not in reached


def test_a_day_funnel_counts_a_visitors_sessions_together(app, world):
    site = world.site_a
    with database.connection_context():
        mine = define(site, "day", [{"page": "/"}, {"event": "purchase"}])
        added = progress(site.id, DAY, [("s1", touch("p/", visitor="ann")),
                                        ("s2", touch("epurchase", visitor="ann"))])
        assert added[("funnel", f"{mine.id}\t1")] == 1
        assert added[("funnel", f"{mine.id}\t2")] == 1
        assert FunnelProgress.get((FunnelProgress.funnel == mine.id)
                                  & (FunnelProgress.unit == "ann")).reached == 2


def test_touches_without_a_trail_count_nothing_and_define_nothing(app, world):
    with database.connection_context():
        assert progress(world.site_a.id, DAY, [("s1", touch())]) == {}
        assert FunnelDefinition.select().count() == 0
