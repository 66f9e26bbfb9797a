"""Upserts that read the same on SQLite (ON CONFLICT) and MySQL (ON DUPLICATE KEY)."""

from __future__ import annotations

from typing import Any

from peewee import EXCLUDED, Case, MySQLDatabase, fn

from ..db import database


def upsert(query: Any, target: list[Any], update: dict[Any, Any]) -> Any:
    """ON CONFLICT (SQLite) or ON DUPLICATE KEY (MySQL) UPDATE."""
    if isinstance(database.obj, MySQLDatabase):
        return query.on_conflict(update=update)
    return query.on_conflict(conflict_target=target, update=update)


def incoming(field: Any) -> Any:
    """The value the insert tried to write, in an upsert's update."""
    if isinstance(database.obj, MySQLDatabase):
        return fn.VALUES(field)
    return getattr(EXCLUDED, field.column_name)


def larger(field: Any) -> Any:
    """``max(stored, incoming)`` that reads the same on SQLite and MySQL."""
    value = incoming(field)
    return Case(None, [(value > field, value)], field)
