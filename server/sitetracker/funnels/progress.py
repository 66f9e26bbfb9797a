"""At buffer flush: how far each session (or visitor-day) got in each funnel of its
site, and the daily counters that adds (``funnel``, key ``<id>\\t<step>``: units that
reached step ``step`` that day). Runs inside the buffer's flush transaction."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING

from peewee import MySQLDatabase

from ..db import database
from ..models import utcnow
from ..storage.upsert import incoming, upsert
from .models import FunnelDefinition, FunnelProgress
from .steps import CART_NAME, CART_STEPS, Funnel, advance

if TYPE_CHECKING:
    from ..ingest.sessions import SessionTouch  # the buffer's, handed in at flush


def funnels_of(site: int, now: datetime | None = None) -> list[Funnel]:
    """The site's funnels; the cart funnel is defined the first time a site needs it
    (counting from ``now``, by default the wall clock's)."""
    rows = list(FunnelDefinition.select(FunnelDefinition.id, FunnelDefinition.scope,
                                        FunnelDefinition.steps, FunnelDefinition.kind)
                .where(FunnelDefinition.site == site))
    if not any(row.kind == "cart" for row in rows):
        rows.append(FunnelDefinition.create(site=site, name=CART_NAME, scope="day",
                                            steps=json.dumps(CART_STEPS), kind="cart",
                                            created_at=now or utcnow()))
    return [Funnel.of(row.id, row.scope, row.steps) for row in rows]


def progress(site: int, day: date, touches: list[tuple[str, SessionTouch]]
             ) -> Counter[tuple[str, str]]:
    """Advance every funnel of ``site`` by the trails of ``touches`` (session hash and
    the batch's touch); ``(metric, key) -> amount`` for the daily counters."""
    added: Counter[tuple[str, str]] = Counter()
    touches = [(session, touch) for session, touch in touches if touch.trail]
    if not touches:
        return added
    for funnel in funnels_of(site):
        trails: dict[str, list[str]] = {}
        for session, touch in touches:
            unit = session if funnel.scope == "session" else (touch.visitor or session)
            trails.setdefault(unit, []).extend(touch.trail)
        query = FunnelProgress.select(FunnelProgress.unit, FunnelProgress.reached).where(
            (FunnelProgress.funnel == funnel.id) & (FunnelProgress.day == day)
            & FunnelProgress.unit.in_(list(trails)))
        if isinstance(database.obj, MySQLDatabase):
            query = query.for_update()
        stored = {row.unit: row.reached for row in query}
        changed = []
        for unit, trail in trails.items():
            before = stored.get(unit, 0)
            after = advance(funnel, before, trail)
            for step in range(before + 1, after + 1):
                added["funnel", f"{funnel.id}\t{step}"] += 1
            if after > before:
                changed.append({"funnel": funnel.id, "day": day, "unit": unit,
                                "reached": after})
        if changed:
            upsert(FunnelProgress.insert_many(changed),
                   [FunnelProgress.funnel, FunnelProgress.day, FunnelProgress.unit],
                   {FunnelProgress.reached: incoming(FunnelProgress.reached)}).execute()
    return added
