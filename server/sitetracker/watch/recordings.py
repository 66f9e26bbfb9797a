"""Lead-up recordings: what a checkout page kept of its last two minutes, stored with
the alert it led to (through the write path), read back for "Replay".

The events are stored as their JSON text, in pieces of :data:`PIECE` characters (a TEXT
column holds 64 KB on MySQL); a recording is at most ``schemas.LEAD_MAX`` characters.
Retention and erasure delete them with their alert (``privacy``).
"""

from __future__ import annotations

import json
from typing import Any

from ..db import database
from ..domain import Write
from .models import AlertRecording

PIECE = 16_000


def recording_write(site_id: int, alert_id: int, ref: str, events: list[dict[str, Any]]
                    ) -> Write:
    """The rows of one recording, to commit through the write path."""
    text = json.dumps(events, separators=(",", ":"))
    rows = [{"alert": alert_id, "site": site_id, "visitor": ref, "seq": seq,
             "data": text[start:start + PIECE]}
            for seq, start in enumerate(range(0, len(text), PIECE))]

    def run() -> None:
        AlertRecording.delete().where(AlertRecording.alert == alert_id).execute()
        AlertRecording.insert_many(rows).execute()

    return Write("recording", run, {"alert": alert_id, "pieces": len(rows)})


def has_recording(site_id: int, alert_ids: list[int]) -> set[int]:
    """Which of these alerts of ``site_id`` have a recording."""
    if not alert_ids:
        return set()
    with database.connection_context():
        return {row.alert_id for row in AlertRecording.select(AlertRecording.alert).where(
            AlertRecording.alert.in_(alert_ids) & (AlertRecording.site == site_id)
            & (AlertRecording.seq == 0))}


def recording(site_id: int, alert_id: int) -> list[dict[str, Any]] | None:
    """The events that led to an alert of ``site_id``, or None when none were kept."""
    with database.connection_context():
        pieces = [row.data for row in AlertRecording.select(AlertRecording.data).where(
            (AlertRecording.alert == alert_id) & (AlertRecording.site == site_id))
            .order_by(AlertRecording.seq)]
    if not pieces:
        return None
    events: list[dict[str, Any]] = json.loads("".join(pieces))
    return events
