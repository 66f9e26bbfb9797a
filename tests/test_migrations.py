from __future__ import annotations

from peewee import MySQLDatabase

from sitetracker import migrations
from sitetracker.db import database
from sitetracker.models import all_models

from .conftest import drop_all_tables


def test_upgrade_on_an_empty_database_creates_every_table_and_records_versions(app):
    drop_all_tables()
    applied = migrations.upgrade()
    assert [m.version for m in applied] == [m.version for m in migrations.available()]
    with database.connection_context():
        tables = set(database.get_tables())
        assert {m._meta.table_name for m in all_models()} <= tables
        assert migrations.applied_versions() == {m.version for m in migrations.available()}


def test_second_upgrade_applies_nothing(app):
    assert migrations.upgrade() == []


def test_migrated_schema_matches_the_models_column_for_column(app):
    """Models and migrations must not drift: every model field exists in the table."""
    with database.connection_context():
        for model in all_models():
            columns = {c.name for c in database.get_columns(model._meta.table_name)}
            fields = {f.column_name for f in model._meta.sorted_fields}
            assert fields == columns, model.__name__


def test_sqlite_runs_in_wal_mode_and_mysql_in_utf8mb4(app):
    with database.connection_context():
        if isinstance(database.obj, MySQLDatabase):
            charset = database.execute_sql("SELECT @@character_set_connection").fetchone()[0]
            assert charset == "utf8mb4"
        else:
            mode = database.execute_sql("PRAGMA journal_mode").fetchone()[0]
            assert mode == "wal"


def test_unicode_round_trips(world):
    from sitetracker.models import Site

    with database.connection_context():
        site = Site.get_by_id(world.site_a.id)
        site.name = "Café ☕ 日本 🛒"
        site.save()
        assert Site.get_by_id(site.id).name == "Café ☕ 日本 🛒"


def test_site_names_shared_in_an_organization_are_told_apart_before_the_index(world):
    from sitetracker.migrations import m0012_site_names
    from sitetracker.models import Site

    with database.connection_context():
        on = " ON site" if isinstance(database.obj, MySQLDatabase) else ""
        database.execute_sql(f"DROP INDEX site_organization_id_name{on}")
        for key in ("dupkey1", "dupkey2"):
            Site.insert(organization=world.org_a, name="Shop A", public_key=key,
                        secret="s", domains="x.test").execute()
        Site.insert(organization=world.org_b, name="Shop A", public_key="dupkey3",
                    secret="s", domains="y.test").execute()

        m0012_site_names.upgrade(database.obj)

        names = {site.public_key: site.name for site in Site.select()}
        assert names[world.site_a.public_key] == "Shop A"  # the oldest keeps its name
        assert (names["dupkey1"], names["dupkey2"]) == ("Shop A (2)", "Shop A (3)")
        assert names["dupkey3"] == "Shop A"  # another organization's


def test_upgrading_a_first_release_database_keeps_its_organizations_and_sites(app):
    """The tables of the first release, with data, brought up to today: nothing is lost
    (a migration that rebuilt a table would cascade its deletion to every site)."""
    drop_all_tables()
    first_release = [m for m in migrations.available() if m.version <= 6]
    with database.connection_context():
        database.execute_sql("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                             "name VARCHAR(100), applied_at DATETIME)")
        for migration in first_release:
            migration.module.upgrade(database.obj)
            database.execute_sql("INSERT INTO schema_migrations (version, name) VALUES "
                                 f"({migration.version}, '{migration.name}')")
        database.execute_sql("INSERT INTO organization (name, slug, created_at) VALUES "
                             "('Old', 'old', '2025-01-01 00:00:00')")
        database.execute_sql(
            "INSERT INTO site (organization_id, name, public_key, secret, domains, timezone, "
            "consent, created_at) SELECT id, 'Old shop', 'oldkey', 's', 'old.test', 'UTC', "
            "'keep', '2025-01-01 00:00:00' FROM organization")
    migrations.upgrade()
    with database.connection_context():
        organizations = database.execute_sql("SELECT name FROM organization").fetchall()
        sites = database.execute_sql("SELECT public_key FROM site").fetchall()
    assert [tuple(row) for row in organizations] == [("Old",)]
    assert [tuple(row) for row in sites] == [("oldkey",)]
