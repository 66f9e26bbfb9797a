"""Web Vitals' daily histograms: bucket counts per site, day, metric, device and page."""

from __future__ import annotations

from peewee import CharField, Database, DateField, ForeignKeyField, IntegerField, SmallIntegerField

from ._snapshot import SnapshotModel, create, existing_table


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class VitalBucket(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        metric = CharField(max_length=4)
        device = CharField(max_length=8)
        path = CharField(max_length=255)
        bucket = SmallIntegerField()
        count = IntegerField(default=0)

        class Meta:
            indexes = ((("site", "day", "metric", "device", "path", "bucket"), True),)

    create(db, [VitalBucket], existing=[Site])
