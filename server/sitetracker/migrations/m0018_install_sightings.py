"""Install detection: when each part of a store's installation was first and last seen,
and the origins refused because they are not one of the site's domains; operators."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")
    User = existing_table("user")

    class InstallSighting(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        kind = CharField(max_length=16)
        first_at = DateTimeField(default=now)
        first_page = CharField(max_length=300, default="")
        last_at = DateTimeField(default=now)
        last_page = CharField(max_length=300, default="")

        class Meta:
            indexes = ((("site", "kind"), True),)

    class RefusedOrigin(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        origin = CharField(max_length=200)
        last_at = DateTimeField(default=now)
        attempts = IntegerField(default=1)

        class Meta:
            indexes = ((("site", "origin"), True),)

    class Operator(SnapshotModel):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        granted_at = DateTimeField(default=now)

    create(db, [InstallSighting, RefusedOrigin, Operator], existing=[Site, User])
