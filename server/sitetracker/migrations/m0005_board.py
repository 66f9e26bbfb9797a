"""The live board: each person's tile layout and theme per site."""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import CharField, Database, DateTimeField, ForeignKeyField, Model, TextField


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def upgrade(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        class Meta:
            table_name = "user"

    class Site(Base):
        class Meta:
            table_name = "site"

    class BoardLayout(Base):
        user = ForeignKeyField(User, on_delete="CASCADE")
        site = ForeignKeyField(Site, on_delete="CASCADE")
        layout = TextField()
        theme = CharField(max_length=8, default="dark")
        updated_at = DateTimeField(default=_now)

        class Meta:
            indexes = ((("user", "site"), True),)

    db.create_tables([BoardLayout])
