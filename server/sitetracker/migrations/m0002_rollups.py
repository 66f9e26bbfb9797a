"""Rollups written by ingestion: daily counts, visitors, sessions, minutes, monthly
peaks, and the optional raw event log."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    Database,
    DateField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ._snapshot import SnapshotModel, create, existing_table


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class DailyCount(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        metric = CharField(max_length=16)
        key = CharField(max_length=255, default="")
        value = FloatField(default=0)

        class Meta:
            indexes = ((("site", "day", "metric", "key"), True),)

    class DailyVisitor(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        visitor = CharField(max_length=16)
        returning = BooleanField(default=False)
        device = CharField(max_length=8)
        os = CharField(max_length=40)
        browser = CharField(max_length=40)
        country = CharField(max_length=2, default="")

        class Meta:
            indexes = ((("site", "day", "visitor"), True),)

    class DailySession(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        session = CharField(max_length=16)

        class Meta:
            indexes = ((("site", "day", "session"), True),)

    class MinuteStat(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        minute = BigIntegerField()
        concurrents = IntegerField(default=0)
        engaged = FloatField(default=0)
        pageviews = IntegerField(default=0)

        class Meta:
            indexes = ((("site", "minute"), True),)

    class MonthlyPeak(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        month = CharField(max_length=7)
        peak = IntegerField(default=0)
        at = BigIntegerField(default=0)

        class Meta:
            indexes = ((("site", "month"), True),)

    class RawEvent(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        ts = BigIntegerField(index=True)
        visitor = CharField(max_length=16)
        name = CharField(max_length=40)
        url = CharField(max_length=500, default="")
        props = TextField(default="")
        device = CharField(max_length=8, default="")
        country = CharField(max_length=2, default="")

    create(db, [DailyCount, DailyVisitor, DailySession, MinuteStat, MonthlyPeak, RawEvent],
           existing=[Site])
