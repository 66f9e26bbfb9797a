"""A database that refuses writes, for the tests of what happens then: every INSERT,
UPDATE or DELETE fails as a read-only database's would, reads still work. (The fault
suite in tests/system/ refuses them for real, on real servers.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from peewee import OperationalError

from sitetracker.db import database

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@contextmanager
def refusing_writes(monkeypatch: pytest.MonkeyPatch,
                    reason: str = "attempt to write a readonly database") -> Iterator[None]:
    real = database.obj.execute_sql

    def execute_sql(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        if sql.lstrip().upper().startswith(WRITES):
            raise OperationalError(reason)
        return real(sql, params, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(database.obj, "execute_sql", execute_sql)
        yield
