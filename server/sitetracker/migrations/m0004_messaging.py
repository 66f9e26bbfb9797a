"""Messaging: conversations with shoppers, their messages, and broadcasts."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class Conversation(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        visitor_hash = CharField(max_length=16)
        visitor = CharField(max_length=64)
        created_at = DateTimeField(default=now)
        last_at = DateTimeField(default=now)

        class Meta:
            indexes = (
                (("site", "visitor_hash"), True),
                (("site", "last_at"), False),
            )

    class Message(SnapshotModel):
        conversation = ForeignKeyField(Conversation, on_delete="CASCADE")
        sender = CharField(max_length=8)
        author = CharField(max_length=120, default="")
        text = CharField(max_length=1000)
        created_at = DateTimeField(default=now)
        delivered_at = DateTimeField(null=True)
        seen_at = DateTimeField(null=True)

    class Broadcast(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        text = CharField(max_length=500)
        path_pattern = CharField(max_length=200, default="")
        device = CharField(max_length=8, default="")
        country = CharField(max_length=2, default="")
        starts_at = DateTimeField()
        expires_at = DateTimeField()
        created_by = CharField(max_length=120, default="")
        created_at = DateTimeField(default=now)
        sent_at = DateTimeField(null=True)
        reached = IntegerField(default=0)
        cancelled_at = DateTimeField(null=True)

        class Meta:
            indexes = (
                (("site", "expires_at"), False),
                (("sent_at", "starts_at"), False),
            )

    create(db, [Conversation, Message, Broadcast], existing=[Site])
