"""Platform adapters: a site's connection to Shopify or WooCommerce."""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import CharField, Database, DateTimeField, ForeignKeyField, Model


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def upgrade(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Site(Base):
        class Meta:
            table_name = "site"

    class PlatformConnection(Base):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        platform = CharField(max_length=16)
        webhook_secret = CharField(max_length=255, default="")
        shop_domain = CharField(max_length=255, default="")
        created_at = DateTimeField(default=_now)

        class Meta:
            indexes = ((("site", "platform"), True),)

    db.create_tables([PlatformConnection])
