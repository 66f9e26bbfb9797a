"""The write path's own tables: replayed journal entries and the health probe's row."""

from __future__ import annotations

from peewee import BigIntegerField, CharField, Database

from ._snapshot import SnapshotModel, create


def upgrade(db: Database) -> None:
    class JournalEntry(SnapshotModel):
        entry = CharField(max_length=32, unique=True)
        replayed_at = BigIntegerField(index=True)

    class HealthProbe(SnapshotModel):
        worker = CharField(max_length=32, unique=True)
        at = BigIntegerField()

    create(db, [JournalEntry, HealthProbe])
