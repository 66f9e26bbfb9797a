"""What privacy stores: each site's retention periods (see :mod:`.retention`)."""

from __future__ import annotations

from peewee import DateTimeField, ForeignKeyField, IntegerField

from ..models import BaseModel, Site, utcnow


class Retention(BaseModel):
    """How many days a site keeps each kind of record about its shoppers. A site without
    a row keeps the defaults; ``raw_events_days`` null means the server's setting."""

    site = ForeignKeyField(Site, unique=True, on_delete="CASCADE")
    raw_events_days = IntegerField(null=True)
    payment_errors_days = IntegerField()
    chats_days = IntegerField()
    alerts_days = IntegerField()
    updated_at = DateTimeField(default=utcnow)
    site_id: int
