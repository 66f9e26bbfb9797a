"""What Web Vitals store: per site, day, metric, device and page path, how many
measurements fell in each fixed bucket (:mod:`.buckets`), never one row per event."""

from __future__ import annotations

from peewee import CharField, DateField, ForeignKeyField, IntegerField, SmallIntegerField

from ..models import BaseModel, Site

MAX_PATH = 255


class VitalBucket(BaseModel):
    """How many of a day's measurements of ``metric`` on ``path`` from ``device`` fell
    in ``bucket``; the write buffer adds to ``count``."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    metric = CharField(max_length=4)
    device = CharField(max_length=8)
    path = CharField(max_length=MAX_PATH)
    bucket = SmallIntegerField()
    count = IntegerField(default=0)

    class Meta:
        indexes = ((("site", "day", "metric", "device", "path", "bucket"), True),)
