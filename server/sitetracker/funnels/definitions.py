"""Defining, renaming and deleting a site's funnels (the funnels API's writes;
:mod:`sitetracker.reports.funnel_definitions` reads them back)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..db import database
from ..models import DailyCount, MonthlyCount
from .models import FunnelDefinition


def define(site_id: int, name: str, scope: str, steps: list[dict[str, Any]],
           now: datetime) -> FunnelDefinition:
    """A new funnel of the site, counting from ``now`` (naive UTC)."""
    with database.atomic():
        return FunnelDefinition.create(site=site_id, name=name, scope=scope,
                                       steps=json.dumps(steps), created_at=now)


def rename(row: FunnelDefinition, name: str) -> None:
    """Give the funnel a new name; its steps and counts stay."""
    row.name = name
    with database.atomic():
        row.save()


def remove(row: FunnelDefinition) -> None:
    """Delete the funnel, its progress and its daily and monthly counts."""
    site: int = row.site_id  # type: ignore[attr-defined]
    with database.atomic():
        for model in (DailyCount, MonthlyCount):
            model.delete().where((model.site == site) & (model.metric == "funnel")
                                 & model.key.startswith(f"{row.id}\t")).execute()
        row.delete_instance(recursive=True)
