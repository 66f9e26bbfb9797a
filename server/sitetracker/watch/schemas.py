"""Validation of what the live view's frames carry, admins' and shoppers'.

A page sends its recorder's events as JSON text cut into pieces (a full snapshot of a
page is larger than one frame may be): each frame is ``{"p", "d", "more"}``. Once the
last piece is in, the whole is parsed and every event checked (:func:`load_recording`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from marshmallow import ValidationError, fields, validate

from ..messaging.schemas import REF_RE, Strict
from ..validation import Flag, Id, Number, Whole

PIECE_MAX = 30_000  # characters of JSON text per frame (escaped, under the 64 KB frame)
LIVE_MAX = 2_000_000  # characters of one batch of a live view (a page's full snapshot)
LEAD_MAX = 2_000_000  # characters of one lead-up recording
EVENTS_MAX = 20_000  # events in one batch or recording
PAGE_RE = re.compile(r"^[A-Za-z0-9]{8,32}$")


class RefSchema(Strict):
    """``watch_stop``: ``{"ref"}``."""

    ref = fields.String(required=True, validate=validate.Regexp(
        REF_RE, error="a shopper's ref: 16 hexadecimal characters"))


class AlertSchema(Strict):
    """``watch_replay``: ``{"alert"}``."""

    alert = Id(required=True)


class AlertsSchema(Strict):
    """``watch_recordings``: ``{"alerts": [ids]}`` (at most 50)."""

    alerts = fields.List(Id(), required=True, validate=validate.Length(0, 50))


class PieceSchema(Strict):
    """``watch_events``: ``{"p": page id, "d": JSON text, "more": bool}``; ``watch_lead``
    also carries the ``alert`` it answers."""

    p = fields.String(required=True, validate=validate.Regexp(
        PAGE_RE, error="a page id: 8 to 32 letters and digits"))
    d = fields.String(required=True, validate=validate.Length(1, PIECE_MAX))
    more = Flag(load_default=False)
    alert = Id()


class EventSchema(Strict):
    """One recorder (rrweb) event: its type, when, and what it holds."""

    type = Whole(required=True, validate=validate.Range(0, 6))
    timestamp = Number(required=True, validate=validate.Range(0, 1e14))
    data = fields.Dict(required=True)
    delay = Number()


_events = EventSchema(many=True)


def load_recording(text: str) -> list[dict[str, Any]]:
    """The events in ``text`` (a JSON list), each checked; ``ValidationError`` names the
    first fault (``d`` for text that is not a list of events)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError({"d": ["not a JSON list of events"]}) from None
    if not isinstance(value, list) or not value:
        raise ValidationError({"d": ["not a JSON list of events"]})
    if len(value) > EVENTS_MAX:
        raise ValidationError({"d": [f"at most {EVENTS_MAX} events"]})
    try:
        loaded: list[dict[str, Any]] = _events.load(value)
    except RecursionError:
        raise ValidationError({"d": ["nested too deeply"]}) from None
    return loaded
