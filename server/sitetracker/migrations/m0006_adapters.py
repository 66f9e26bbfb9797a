"""Platform adapters: a site's connection to Shopify or WooCommerce."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class PlatformConnection(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        platform = CharField(max_length=16)
        webhook_secret = CharField(max_length=255, default="")
        shop_domain = CharField(max_length=255, default="")
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("site", "platform"), True),)

    create(db, [PlatformConnection], existing=[Site])
