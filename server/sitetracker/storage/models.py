"""What the write path itself stores: the journal entries already replayed (so a replay
interrupted by a crash never counts an entry twice) and each worker's health probe."""

from __future__ import annotations

from peewee import BigIntegerField, CharField

from ..models import BaseModel


class JournalEntry(BaseModel):
    """A journal entry written to the database; inserted in the same transaction as the
    entry's rows."""

    entry = CharField(max_length=32, unique=True)
    replayed_at = BigIntegerField(index=True)


class HealthProbe(BaseModel):
    """One row per worker, rewritten by every health probe: proof that writes commit."""

    worker = CharField(max_length=32, unique=True)
    at = BigIntegerField()
