"""What funnels store: their definitions, and how far each session or visitor-day got."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..models import BaseModel, Site, utcnow


class FunnelDefinition(BaseModel):
    """A funnel of a site: ``steps`` is a JSON list of ``{"page": pattern}`` or
    ``{"event": name}``; ``scope`` is ``session`` or ``day`` (a visitor's site day);
    ``kind`` is ``cart`` for the built-in cart funnel, else ``custom``."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    name = CharField(max_length=80)
    scope = CharField(max_length=8, default="session")
    steps = TextField()
    kind = CharField(max_length=8, default="custom")
    created_at = DateTimeField(default=utcnow)


class FunnelProgress(BaseModel):
    """How many steps of a funnel a session (or a visitor, for a day funnel) has
    reached on a site day; the daily counters hold the totals."""

    funnel = ForeignKeyField(FunnelDefinition, on_delete="CASCADE")
    day = DateField()
    unit = CharField(max_length=64)
    reached = IntegerField(default=0)

    class Meta:
        indexes = ((("funnel", "day", "unit"), True),)
