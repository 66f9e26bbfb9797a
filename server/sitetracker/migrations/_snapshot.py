"""What every migration's snapshot models share: a base class, stubs of tables created
earlier (for foreign keys to point at), the timestamp default, and creating the tables
on the database being migrated. Not a migration itself (the runner takes only
``mNNNN_*`` modules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from peewee import Database, Model


class SnapshotModel(Model):
    """The base of a migration's own models, bound to its database by :func:`create`."""

    class Meta:
        legacy_table_names = False


def now() -> datetime:
    """Naive UTC without microseconds, as every timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def existing_table(name: str) -> type[SnapshotModel]:
    """A stub of a table an earlier migration created: its id is all a foreign key needs."""
    meta = type("Meta", (), {"table_name": name})
    return type(name.title().replace("_", ""), (SnapshotModel,), {"Meta": meta})


def create(db: Database, models: Sequence[type[Model]],
           existing: Sequence[type[Model]] = ()) -> None:
    """Bind the snapshot models (and the stubs they refer to) to ``db``; create tables."""
    db.bind([*existing, *models])
    db.create_tables(list(models))
