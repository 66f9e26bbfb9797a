"""The daily counters of past months added up, for reports over long periods
(docs/reports.md)."""

from __future__ import annotations

from peewee import CharField, Database, FloatField, ForeignKeyField

from ._snapshot import SnapshotModel, create, existing_table


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class MonthlyCount(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        month = CharField(max_length=7)
        metric = CharField(max_length=16)
        key = CharField(max_length=255, default="")
        value = FloatField(default=0)

        class Meta:
            indexes = ((("site", "month", "metric", "key"), True),)

    create(db, [MonthlyCount], existing=[Site])
