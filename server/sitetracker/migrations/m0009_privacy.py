"""Privacy: each site's retention periods, and the audit log of admin actions."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, ForeignKeyField, IntegerField, TextField

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")
    Organization = existing_table("organization")

    class Retention(SnapshotModel):
        site = ForeignKeyField(Site, unique=True, on_delete="CASCADE")
        raw_events_days = IntegerField(null=True)
        payment_errors_days = IntegerField()
        chats_days = IntegerField()
        alerts_days = IntegerField()
        updated_at = DateTimeField(default=now)

    class AuditEntry(SnapshotModel):
        organization = ForeignKeyField(Organization, on_delete="CASCADE")
        site_id = IntegerField(null=True)
        actor = CharField(max_length=254)
        action = CharField(max_length=32)
        details = TextField(default="{}")
        created_at = DateTimeField(default=now)

        class Meta:
            table_name = "audit_entry"
            indexes = ((("organization", "created_at"), False),)

    create(db, [Retention, AuditEntry], existing=[Site, Organization])
