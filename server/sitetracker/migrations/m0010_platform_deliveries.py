"""Platform adapters: each connection's last webhook delivery and what came of it."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    PlatformConnection = existing_table("platform_connection")

    class PlatformDelivery(SnapshotModel):
        connection = ForeignKeyField(PlatformConnection, on_delete="CASCADE", unique=True)
        at = DateTimeField(default=now)
        result = CharField(max_length=120, default="")

    create(db, [PlatformDelivery], existing=[PlatformConnection])
