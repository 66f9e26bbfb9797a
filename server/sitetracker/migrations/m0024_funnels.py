"""Funnel definitions and how far each session or visitor-day got (docs/reports.md)."""

from __future__ import annotations

from peewee import (
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class FunnelDefinition(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        name = CharField(max_length=80)
        scope = CharField(max_length=8, default="session")
        steps = TextField()
        kind = CharField(max_length=8, default="custom")
        created_at = DateTimeField(default=now)

    class FunnelProgress(SnapshotModel):
        funnel = ForeignKeyField(FunnelDefinition, on_delete="CASCADE")
        day = DateField()
        unit = CharField(max_length=64)
        reached = IntegerField(default=0)

        class Meta:
            indexes = ((("funnel", "day", "unit"), True),)

    create(db, [FunnelDefinition, FunnelProgress], existing=[Site])
