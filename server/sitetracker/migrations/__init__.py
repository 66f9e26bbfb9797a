"""Versioned schema migrations.

Each module ``mNNNN_<name>.py`` in this package defines ``upgrade(db)``; they run in
order, once each, and the versions applied are kept in ``schema_migrations``. Migration
modules describe the schema as it was at their version (never by importing today's
models), so an old database can always be brought forward. Several workers starting at
once take a lock, so only one of them migrates.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType

from peewee import CharField, Database, DateTimeField, IntegerField, Model, MySQLDatabase

from ..db import database
from ..models import utcnow

log = logging.getLogger(__name__)


class SchemaMigration(Model):
    version = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField(default=utcnow)

    class Meta:
        database = database
        table_name = "schema_migrations"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def available() -> list[Migration]:
    """Every migration shipped with this version, oldest first."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(info.name[1:5]), info.name[6:], module))
    return sorted(found, key=lambda m: m.version)


def applied_versions() -> set[int]:
    if not database.table_exists(SchemaMigration._meta.table_name):
        return set()
    return {row.version for row in SchemaMigration.select(SchemaMigration.version)}


def pending() -> list[Migration]:
    done = applied_versions()
    return [m for m in available() if m.version not in done]


@contextmanager
def _migration_lock(db: Database) -> Iterator[None]:
    if isinstance(db, MySQLDatabase):
        db.execute_sql("SELECT GET_LOCK('sitetracker_migrate', 120)")
        try:
            yield
        finally:
            db.execute_sql("SELECT RELEASE_LOCK('sitetracker_migrate')")
    else:
        yield


def upgrade() -> list[Migration]:
    """Apply every pending migration; return the ones applied."""
    db: Database = database.obj
    applied: list[Migration] = []
    with database.connection_context(), _migration_lock(db):
        database.create_tables([SchemaMigration], safe=True)
        for migration in pending():
            log.info("applying migration %04d %s", migration.version, migration.name)
            with database.atomic():
                migration.module.upgrade(db)
                SchemaMigration.create(version=migration.version, name=migration.name)
            applied.append(migration)
    return applied
