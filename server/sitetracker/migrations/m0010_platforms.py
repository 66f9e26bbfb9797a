"""Platform adapters: each connection's last webhook delivery and what came of it; and
each site's own rules for page types."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    PlatformConnection = existing_table("platform_connection")

    class PlatformDelivery(SnapshotModel):
        connection = ForeignKeyField(PlatformConnection, on_delete="CASCADE", unique=True)
        at = DateTimeField(default=now)
        result = CharField(max_length=120, default="")

    Site = existing_table("site")

    class PageTypeRule(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        position = IntegerField(default=0)
        pattern = CharField(max_length=200)
        page_type = CharField(max_length=16)

    create(db, [PlatformDelivery, PageTypeRule], existing=[PlatformConnection, Site])
