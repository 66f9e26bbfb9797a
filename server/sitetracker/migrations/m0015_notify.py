"""Notifications: webhook endpoints, e-mail choices, quiet hours, the delivery queue
and its attempts."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site, User, Alert = existing_table("site"), existing_table("user"), existing_table("alert")

    class Endpoint(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        kind = CharField(max_length=8)
        name = CharField(max_length=80)
        url = CharField(max_length=500)
        secret = CharField(max_length=64, default="")
        rules = CharField(max_length=500, default="all")
        sales = BooleanField(default=False)
        enabled = BooleanField(default=True)
        created_at = DateTimeField(default=now)

        class Meta:
            table_name = "notify_endpoint"

    class MailChoice(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        site = ForeignKeyField(Site, on_delete="CASCADE")
        rules = CharField(max_length=500, default="all")
        sales = BooleanField(default=False)

        class Meta:
            table_name = "notify_mail_choice"
            indexes = ((("user", "site"), True),)

    class QuietHours(SnapshotModel):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        timezone = CharField(max_length=64, default="UTC")
        start = IntegerField(default=0)
        end = IntegerField(default=0)
        emergencies = BooleanField(default=True)

        class Meta:
            table_name = "notify_quiet_hours"

    class Delivery(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        alert = ForeignKeyField(Alert, null=True, on_delete="CASCADE")
        endpoint = ForeignKeyField(Endpoint, null=True, on_delete="CASCADE")
        user = ForeignKeyField(User, null=True, on_delete="CASCADE")
        channel = CharField(max_length=8)
        digest = BooleanField(default=False)
        status = CharField(max_length=8, default="pending")
        due = DoubleField(index=True)
        attempts = IntegerField(default=0)
        claimed_by = CharField(max_length=32, null=True)
        claimed_until = DoubleField(null=True)
        created_at = DateTimeField(default=now)

        class Meta:
            table_name = "notify_delivery"
            indexes = ((("status", "due"), False),)

    class Attempt(SnapshotModel):
        delivery = ForeignKeyField(Delivery, on_delete="CASCADE")
        at = DoubleField()
        code = IntegerField(null=True)
        error = TextField(default="")

        class Meta:
            table_name = "notify_attempt"

    create(db, [Endpoint, MailChoice, QuietHours, Delivery, Attempt],
           existing=[Site, User, Alert])
