"""Site names unique per organization: ``--site NAME`` and the dashboard's site switcher
tell an organization's sites apart by name.

Sites that already share a name in one organization keep the oldest one's name; the
others get `` (2)``, `` (3)``... (cut to fit the column) before the unique index is made.
"""

from __future__ import annotations

from peewee import Database

NAME_LENGTH = 120


def _free_name(taken: set[str], name: str) -> str:
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[: NAME_LENGTH - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        n += 1


def upgrade(db: Database) -> None:
    rows = db.execute_sql("SELECT id, organization_id, name FROM site ORDER BY id").fetchall()
    taken: dict[int, set[str]] = {}
    for site_id, org_id, name in rows:
        names = taken.setdefault(org_id, set())
        # Compared as MariaDB's case-insensitive collation compares them.
        if name.casefold() in names:
            name = _free_name(names, name)
            db.execute_sql(f"UPDATE site SET name = {db.param} WHERE id = {db.param}",
                           (name, site_id))
        names.add(name.casefold())
    db.execute_sql(
        "CREATE UNIQUE INDEX site_organization_id_name ON site (organization_id, name)"
    )

