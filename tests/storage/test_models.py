"""What the write path itself stores (storage/models.py)."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.storage.models import HealthProbe, JournalEntry


def test_a_journal_entry_is_recorded_once(app):
    with database.connection_context():
        JournalEntry.insert(entry="entry-1", replayed_at=100).execute()
        with pytest.raises(IntegrityError), database.atomic():
            JournalEntry.insert(entry="entry-1", replayed_at=200).execute()
        assert [(row.entry, row.replayed_at) for row in JournalEntry.select()] == [
            ("entry-1", 100)]


def test_each_worker_has_one_health_probe_row_rewritten_by_each_probe(app):
    with database.connection_context():
        HealthProbe.replace(worker="worker-a", at=1).execute()
        HealthProbe.replace(worker="worker-a", at=2).execute()
        HealthProbe.replace(worker="worker-b", at=3).execute()
        assert sorted((row.worker, row.at) for row in HealthProbe.select()) == [
            ("worker-a", 2), ("worker-b", 3)]
        with pytest.raises(IntegrityError), database.atomic():
            HealthProbe.insert(worker="worker-b", at=4).execute()
