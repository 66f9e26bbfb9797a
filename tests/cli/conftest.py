"""Fixtures of the command line's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from peewee import Model

from sitetracker import db

from ..commands import cli_env, invoke  # noqa: F401  (fixtures)


@pytest.fixture
def stored(app_config: dict[str, Any]) -> Callable[[type[Model]], list[Any]]:
    """Rows of a model in the test's database; none when its table does not exist yet."""

    def rows(model: type[Model]) -> list[Any]:
        db.connect(app_config["database_url"])
        with db.database.connection_context():
            if not db.database.table_exists(model._meta.table_name):
                return []
            return list(model.select())

    return rows
