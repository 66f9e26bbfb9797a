"""Sessions with their summary (first and last event, entry and exit page, page views,
orders, channel), an index for reading one daily metric over a range of days, and a
sketch of each day's visitors: what the reports read (docs/reports.md)."""

from __future__ import annotations

from peewee import BlobField, Database, DateField, ForeignKeyField

from ._snapshot import SnapshotModel, create, existing_table

COLUMNS = (
    ("started", "BIGINT NOT NULL DEFAULT 0"),
    ("ended", "BIGINT NOT NULL DEFAULT 0"),
    ("entry_page", "VARCHAR(300) NOT NULL DEFAULT ''"),
    ("exit_page", "VARCHAR(300) NOT NULL DEFAULT ''"),
    ("pageviews", "INTEGER NOT NULL DEFAULT 0"),
    ("orders", "INTEGER NOT NULL DEFAULT 0"),
    ("channel", "VARCHAR(16) NOT NULL DEFAULT ''"),
)


def upgrade(db: Database) -> None:
    # Plain ADD COLUMNs with their defaults, on both databases (never a table rebuild).
    for name, kind in COLUMNS:
        db.execute_sql(f"ALTER TABLE daily_session ADD COLUMN {name} {kind}")
    db.execute_sql("CREATE INDEX daily_count_site_id_metric_day_key_value "
                   "ON daily_count (site_id, metric, day, `key`, value)")
    Site = existing_table("site")

    class DailySketch(SnapshotModel):
        site = ForeignKeyField(Site, on_delete="CASCADE")
        day = DateField()
        registers = BlobField()

        class Meta:
            indexes = ((("site", "day"), True),)

    create(db, [DailySketch], existing=[Site])
