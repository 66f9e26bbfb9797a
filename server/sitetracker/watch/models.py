"""What the watch feature stores: each site's settings, and lead-up recordings."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..commerce.models import Alert
from ..models import BaseModel, Site, utcnow


class WatchSetting(BaseModel):
    """Whether admins may watch a site's shoppers live (``live``) and whether checkout
    pages keep the last two minutes for alerts (``lead``). No row: both off."""

    site = ForeignKeyField(Site, unique=True, on_delete="CASCADE")
    live = BooleanField(default=False)
    lead = BooleanField(default=False)
    updated_at = DateTimeField(default=utcnow)
    site_id: int


class AlertRecording(BaseModel):
    """One piece (``seq`` from 0) of the JSON list of recorder events that led to an
    alert; pieces are small enough for a TEXT column on every database."""

    alert = ForeignKeyField(Alert, on_delete="CASCADE")
    site = ForeignKeyField(Site, on_delete="CASCADE")
    visitor = CharField(max_length=16, default="")  # the visitor hash, for erasure
    seq = IntegerField()
    data = TextField()
    created_at = DateTimeField(default=utcnow)
    alert_id: int
    site_id: int

    class Meta:
        indexes = ((("alert", "seq"), True),)
