"""How emergencies ended (rescued, recovered, lost) and who helped, on the alert row; and
each person's choice of how sales are shown."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField

from ._snapshot import SnapshotModel, create, now

COLUMNS = (
    "helped_at DATETIME NULL",
    "helped_by VARCHAR(10) NOT NULL DEFAULT ''",
    "outcome VARCHAR(10) NOT NULL DEFAULT ''",
    "ended_at DATETIME NULL",
    "outcome_value DOUBLE PRECISION NULL",
    "outcome_currency VARCHAR(3) NOT NULL DEFAULT ''",
)


def upgrade(db: Database) -> None:
    class AlertPreference(SnapshotModel):
        who = CharField(max_length=254, unique=True)
        sales = CharField(max_length=8, default="modal")
        updated_at = DateTimeField(default=now)

    create(db, [AlertPreference])
    # Plain ADD COLUMNs with their defaults, in place on both databases (never a rebuilt
    # table: see m0008).
    for column in COLUMNS:
        db.execute_sql(f"ALTER TABLE alert ADD COLUMN {column}")
    db.execute_sql("CREATE INDEX alert_site_id_ended_at ON alert (site_id, ended_at)")
    # The lost check's question: open emergencies of every site, by age.
    db.execute_sql("CREATE INDEX alert_kind_outcome_created_at ON alert "
                   "(kind, outcome, created_at)")
