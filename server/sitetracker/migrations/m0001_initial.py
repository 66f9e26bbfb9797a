"""Organizations, sites, users, memberships and API tokens."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, TextField

from ._snapshot import SnapshotModel, create, now


def upgrade(db: Database) -> None:
    class Organization(SnapshotModel):
        name = CharField(max_length=120)
        slug = CharField(max_length=64, unique=True)
        created_at = DateTimeField(default=now)

    class Site(SnapshotModel):
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        name = CharField(max_length=120)
        public_key = CharField(max_length=32, unique=True)
        secret = CharField(max_length=64)
        domains = TextField(default="")
        timezone = CharField(max_length=64, default="UTC")
        consent = CharField(max_length=16, default="keep")
        created_at = DateTimeField(default=now)
        secret_rotated_at = DateTimeField(null=True)

    class User(SnapshotModel):
        email = CharField(max_length=254, unique=True)
        name = CharField(max_length=120, default="")
        password_hash = CharField(max_length=255)
        created_at = DateTimeField(default=now)
        last_login_at = DateTimeField(null=True)

    class Membership(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        organization = ForeignKeyField(Organization, null=True, on_delete="CASCADE")
        site = ForeignKeyField(Site, null=True, on_delete="CASCADE")
        role = CharField(max_length=16)

        class Meta:
            indexes = ((("user", "organization", "site"), True),)

    class ApiToken(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        name = CharField(max_length=80)
        token_hash = CharField(max_length=64, unique=True)
        prefix = CharField(max_length=16)
        created_at = DateTimeField(default=now)
        last_used_at = DateTimeField(null=True)

    create(db, [Organization, Site, User, Membership, ApiToken])
