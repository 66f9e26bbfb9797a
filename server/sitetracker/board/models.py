"""A person's board for one site: which tiles, where, and the thresholds set on them."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from ..models import BaseModel, Site, User, utcnow

THEMES = ("dark", "light")


class BoardLayout(BaseModel):
    """One row per (user, site): ``layout`` is the validated JSON of
    :class:`sitetracker.board.tiles.LayoutSchema` (at most 20 KB)."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    site = ForeignKeyField(Site, on_delete="CASCADE")
    layout = TextField()
    theme = CharField(max_length=8, default="dark")
    updated_at = DateTimeField(default=utcnow)
    user_id: int
    site_id: int

    class Meta:
        indexes = ((("user", "site"), True),)
