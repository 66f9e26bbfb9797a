"""The write path: what must be stored before an answer goes out, in one transaction.

Features do not write these rows themselves. They describe each one as a :class:`Write`
(what it stores, what to do once it is stored, what to give back if it is not) and
:meth:`WritePath.commit` stores them all, in order:

1. every write in one transaction;
2. if the database refused one for its content, again one by one, each in its own
   savepoint: those refused again are set aside (:mod:`.rejects`), the others stored;
3. if the database is away (unreachable, read-only, locked, too slow), nothing is
   stored: each write's ``undo`` runs (a claimed alert window, a first-seen order) and
   :class:`StorageUnavailable` goes up to the route or the socket handler, which answers
   503 so the sender tries again;
4. once committed, each write's ``then`` runs (the alert goes out to admins).

Writes gathered but never committed (their batch failed before it reached the write
path) run their ``undo`` too: :meth:`Writes.give_back`, from the pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..db import database
from ..domain import Write
from .failures import StorageUnavailable, describe, refused_for_content
from .rejects import Rejects
from .status import StorageStatus

log = logging.getLogger(__name__)


@dataclass
class Writes:
    """The writes of one batch, gathered as its steps and reactions run."""

    items: list[Write] = field(default_factory=list)

    def add(self, write: Write) -> None:
        self.items.append(write)

    def extend(self, writes: Iterable[Write]) -> None:
        self.items.extend(writes)

    def __bool__(self) -> bool:
        return bool(self.items)

    def give_back(self) -> None:
        """None of them will be stored (their batch failed before the commit): each
        write's ``undo`` runs, once, so the sender's retry counts them again."""
        items, self.items = self.items, []
        for write in items:
            _quietly(write.undo, write.what, "giving back")


def _quietly(action: Callable[[], None] | None, what: str, when: str = "after storing"
             ) -> None:
    if action is None:
        return
    try:
        action()
    except Exception:
        log.exception("%s a %s", when, what)


class WritePath:
    def __init__(self, status: StorageStatus | None = None, rejects: Rejects | None = None
                 ) -> None:
        self.status = status or StorageStatus()
        self.rejects = rejects or Rejects()

    def commit(self, writes: Writes | Iterable[Write]) -> None:
        """Store every write, or raise :class:`StorageUnavailable` having stored none."""
        items = list(writes.items if isinstance(writes, Writes) else writes)
        if not items:
            return
        try:
            with database.connection_context(), database.atomic():
                stored = self._write_all(items)
        except Exception as exc:
            for write in items:
                _quietly(write.undo, write.what, "giving back")
            reason = describe(exc)
            log.warning("could not store %s: %s", ", ".join(w.what for w in items), reason)
            self.status.failed(reason)
            raise StorageUnavailable(reason) from exc
        self.status.succeeded()
        for write in stored:
            _quietly(write.then, write.what)

    def _write_all(self, items: list[Write]) -> list[Write]:
        try:
            with database.atomic():
                for write in items:
                    write.run()
            return items
        except Exception as exc:
            if not refused_for_content(exc):
                raise
        stored = []
        for write in items:
            try:
                with database.atomic():
                    write.run()
                stored.append(write)
            except Exception as exc:
                if not refused_for_content(exc):
                    raise
                self.rejects.set_aside(write.what, write.row, exc)
                _quietly(write.undo, write.what, "giving back")
        return stored
