"""Scheduled reports: each person's choice per site (daily or weekly, at an hour of the
site's day), and the period a report delivery covers, unique per person and site so
that it is queued once (docs/notifications.md, "Scheduled reports")."""

from __future__ import annotations

from peewee import CharField, Database, DoubleField, ForeignKeyField, IntegerField

from ._snapshot import SnapshotModel, create, existing_table


def upgrade(db: Database) -> None:
    # A plain ADD COLUMN on both databases (never a table rebuild); NULL for alerts,
    # which a unique index lets repeat.
    db.execute_sql("ALTER TABLE notify_delivery ADD COLUMN report VARCHAR(24)")
    db.execute_sql("CREATE UNIQUE INDEX notify_delivery_user_id_site_id_report "
                   "ON notify_delivery (user_id, site_id, report)")
    Site, User = existing_table("site"), existing_table("user")

    class ReportChoice(SnapshotModel):
        user = ForeignKeyField(User, on_delete="CASCADE")
        site = ForeignKeyField(Site, on_delete="CASCADE")
        frequency = CharField(max_length=8)
        hour = IntegerField(default=8)
        since = DoubleField()

        class Meta:
            table_name = "notify_report_choice"
            indexes = ((("user", "site"), True),)

    create(db, [ReportChoice], existing=[Site, User])
