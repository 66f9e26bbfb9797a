"""Ids already counted (events, orders, webhook deliveries), and the events alert rules
count, so that retries and restarts count nothing twice and forget no rule's window."""

from __future__ import annotations

from peewee import BigIntegerField, CharField, Database, DoubleField, ForeignKeyField

from ._snapshot import SnapshotModel, create, existing_table


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class ReceivedId(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        key = CharField(max_length=120)
        expires = BigIntegerField(index=True)

        class Meta:
            indexes = ((("site", "key"), True),)

    class RuleEvent(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        visitor = CharField(max_length=16)
        event = CharField(max_length=40)
        member = CharField(max_length=100)
        ts = DoubleField(index=True)

    create(db, [ReceivedId, RuleEvent], existing=[Site])
