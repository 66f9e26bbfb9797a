"""Daily counters and visitor-days written as the write buffer writes them, for the
read models' tests."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.ingest.buffer import add_count
from sitetracker.models import DailyVisitor


def add(site_id: int, day: date, *counts: tuple[str, str, float]) -> None:
    """Add ``(metric, key, value)`` to the day's counters of the site."""
    with database.connection_context(), database.atomic():
        for metric, key, value in counts:
            add_count(site_id, day, metric, key, value)


def visit(site_id: int, day: date, *visitors: str, device: str = "desktop") -> None:
    """The visitors seen that day."""
    with database.connection_context():
        for visitor in visitors:
            DailyVisitor.create(site=site_id, day=day, visitor=visitor, device=device,
                                os="Linux", browser="Firefox")
