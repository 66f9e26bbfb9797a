"""Commerce: custom event definitions, alert rules (with the default checkout-trouble
rule for every existing site), alerts, the payment-error log and the daily funnel."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ._snapshot import SnapshotModel, create, existing_table, now


def upgrade(db: Database) -> None:
    Site = existing_table("site")

    class EventDefinition(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        name = CharField(max_length=40)
        trigger = CharField(max_length=8)
        selector = CharField(max_length=300, default="")
        pattern = CharField(max_length=300, default="")
        created_at = DateTimeField(default=now)
        updated_at = DateTimeField(default=now)

        class Meta:
            indexes = ((("site", "name"), True),)

    class AlertRule(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        name = CharField(max_length=80)
        kind = CharField(max_length=24)
        event = CharField(max_length=40, default="")
        threshold = FloatField(default=0)
        window_minutes = IntegerField(default=10)
        severity = CharField(max_length=16, default="warning")
        enabled = BooleanField(default=True)
        is_default = BooleanField(default=False)
        created_at = DateTimeField(default=now)
        updated_at = DateTimeField(default=now)

    class Alert(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        rule = ForeignKeyField(AlertRule, null=True, on_delete="SET NULL")
        kind = CharField(max_length=24)
        severity = CharField(max_length=16)
        title = CharField(max_length=200)
        shopper = CharField(max_length=8, default="")
        visitor = CharField(max_length=16, default="")
        value = FloatField(null=True)
        currency = CharField(max_length=3, default="")
        details = TextField(default="{}")
        created_at = DateTimeField(default=now)
        acknowledged_at = DateTimeField(null=True)
        acknowledged_by = CharField(max_length=254, default="")

        class Meta:
            indexes = ((("site", "created_at"), False),)

    class PaymentError(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        created_at = DateTimeField(default=now)
        shopper = CharField(max_length=8, default="")
        visitor = CharField(max_length=16, default="")
        email = CharField(max_length=254, null=True)
        phone = CharField(max_length=32, null=True)
        amount = FloatField(null=True)
        currency = CharField(max_length=3, default="")
        items = IntegerField(default=0)
        lines = TextField(default="[]")
        method = CharField(max_length=40, default="")
        code = CharField(max_length=64, default="")
        message = CharField(max_length=300, default="")
        device = CharField(max_length=8, default="")
        os = CharField(max_length=40, default="")
        browser = CharField(max_length=40, default="")
        country = CharField(max_length=2, default="")
        city = CharField(max_length=100, default="")
        path = CharField(max_length=300, default="")

        class Meta:
            indexes = (
                (("site", "created_at"), False),
                (("site", "email"), False),
                (("site", "visitor"), False),
            )

    class FunnelVisitor(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        stage = CharField(max_length=8)
        visitor = CharField(max_length=16)

        class Meta:
            indexes = ((("site", "day", "stage", "visitor"), True),)

    create(db, [EventDefinition, AlertRule, Alert, PaymentError, FunnelVisitor], existing=[Site])
    # Sites made before commerce get the default rule once, here; new sites get it when
    # they are created. A rule deleted later stays deleted.
    rows = [{"site": site_id, "name": "Checkout trouble", "kind": "event_count",
             "event": "pay_now", "threshold": 3, "window_minutes": 10,
             "severity": "emergency", "enabled": True, "is_default": True}
            for (site_id,) in db.execute_sql("SELECT id FROM site").fetchall()]
    if rows:
        AlertRule.insert_many(rows).execute()
