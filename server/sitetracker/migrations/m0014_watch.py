"""Live view and lead-up recordings: each site's watch settings (both off by default),
and the recording of what led to an alert, kept in pieces with the alert."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")
    Alert = existing_table("alert")

    class WatchSetting(SnapshotModel):
        site = ForeignKeyField(Site, unique=True, on_delete="CASCADE")
        live = BooleanField(default=False)
        lead = BooleanField(default=False)
        updated_at = DateTimeField(default=now)

    class AlertRecording(SnapshotModel):
        alert = ForeignKeyField(Alert, on_delete="CASCADE")
        site = ForeignKeyField(Site, on_delete="CASCADE")
        visitor = CharField(max_length=16, default="")
        seq = IntegerField()
        data = TextField()
        created_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("alert", "seq"), True),)

    create(db, [WatchSetting, AlertRecording], existing=[Site, Alert])
