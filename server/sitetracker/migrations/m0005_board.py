"""The live board: each person's tile layout and theme per site."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, TextField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    User = existing_table("user")
    Site = existing_table("site")

    class BoardLayout(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        site = ForeignKeyField(Site, on_delete="CASCADE")
        layout = TextField()
        theme = CharField(max_length=8, default="dark")
        updated_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("user", "site"), True),)

    create(db, [BoardLayout], existing=[User, Site])
