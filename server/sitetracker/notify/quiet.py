"""Quiet hours: when a person's mail waits (pure time arithmetic, no storage)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..clock import zone


def quiet_until(now: float, timezone: str, start: int, end: int) -> float | None:
    """The end of the quiet hours ``now`` falls in (Unix seconds), or None when it falls
    in none. ``start`` and ``end`` are minutes after midnight in ``timezone``; an end
    before the start spans midnight (22:00 to 07:00); equal means no quiet hours."""
    if start == end:
        return None
    local = datetime.fromtimestamp(now, zone(timezone))
    minute = local.hour * 60 + local.minute
    inside = start <= minute < end if start < end else (minute >= start or minute < end)
    if not inside:
        return None
    ends = local.replace(hour=end // 60, minute=end % 60, second=0, microsecond=0)
    if ends <= local:
        ends = (ends.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=local.tzinfo)
    return ends.timestamp()


def minutes_of(text: str) -> int:
    """``"22:30"`` as minutes after midnight; ValueError when it is not a time."""
    hours, _, minutes = text.strip().partition(":")
    value = int(hours) * 60 + int(minutes or 0)
    if not (0 <= int(hours) < 24 and 0 <= int(minutes or 0) < 60):
        raise ValueError(text)
    return value


def clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
