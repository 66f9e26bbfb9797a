"""Server-side sessions, two-factor sign-in, and the organization setting requiring it."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    ForeignKeyField,
)

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    User = existing_table("user")

    class UserSession(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        key_hash = CharField(max_length=64, unique=True)
        created_at = DateTimeField(default=now)
        last_seen_at = DateTimeField(default=now)
        user_agent = CharField(max_length=120, default="")
        pending = BooleanField(default=False)
        revoked_at = DateTimeField(null=True)

    class TwoFactor(SnapshotModel):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        secret = CharField(max_length=64)
        enabled_at = DateTimeField(null=True)
        last_step = BigIntegerField(default=0)

    class RecoveryCode(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        code_hash = CharField(max_length=64)
        used_at = DateTimeField(null=True)

    create(db, [UserSession, TwoFactor, RecoveryCode], existing=[User])
    # A plain ADD COLUMN with its default, on both databases. (peewee's migrator makes a
    # NOT NULL column on SQLite by rebuilding the table, and dropping the old
    # organization table would cascade to every site.)
    db.execute_sql("ALTER TABLE organization ADD COLUMN require_two_factor BOOLEAN "
                   "NOT NULL DEFAULT 0")
