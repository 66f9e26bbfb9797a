"""What messaging stores: conversations with one shopper, their messages, and
broadcasts to many shoppers of a site."""

from __future__ import annotations

import calendar
from datetime import datetime

from peewee import (
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..clock import utc
from ..models import BaseModel, Site, utcnow

SENDERS = ("admin", "shopper")
DEVICES = ("", "mobile", "tablet", "desktop")


class Conversation(BaseModel):
    """A site's conversation with one shopper. Admins know the shopper by
    ``visitor_hash`` (their ``ref``, as alerts and the board carry it); ``visitor`` (the
    widget's pseudonymous id) routes messages to the shopper's pages."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    visitor_hash = CharField(max_length=16)
    visitor = CharField(max_length=64)
    created_at = DateTimeField(default=utcnow)
    last_at = DateTimeField(default=utcnow)
    site_id: int

    class Meta:
        indexes = (
            (("site", "visitor_hash"), True),
            (("site", "last_at"), False),
        )


class Message(BaseModel):
    """One message, plain text; ``delivered_at`` and ``seen_at`` are reported by the
    shopper's widget for the admins' messages."""

    conversation = ForeignKeyField(Conversation, backref="messages", on_delete="CASCADE")
    sender = CharField(max_length=8)  # admin or shopper
    author = CharField(max_length=120, default="")  # the admin's name or token subject
    text = CharField(max_length=1000)
    created_at = DateTimeField(default=utcnow)
    delivered_at = DateTimeField(null=True)
    seen_at = DateTimeField(null=True)
    conversation_id: int


class Broadcast(BaseModel):
    """A message to every live shopper of a site, or those matching the filters (a path
    pattern where ``*`` is any characters, a device, an ISO country code), shown from
    ``starts_at`` until ``expires_at``."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    text = CharField(max_length=500)
    path_pattern = CharField(max_length=200, default="")
    device = CharField(max_length=8, default="")
    country = CharField(max_length=2, default="")
    starts_at = DateTimeField()
    expires_at = DateTimeField()
    created_by = CharField(max_length=120, default="")
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)  # when it went out to the shoppers live then
    reached = IntegerField(default=0)  # how many were live and matched at that moment
    cancelled_at = DateTimeField(null=True)
    site_id: int

    class Meta:
        indexes = (
            (("site", "expires_at"), False),
            (("sent_at", "starts_at"), False),
        )


def unix(value: datetime | None) -> int | None:
    """A stored (naive UTC) time as Unix seconds."""
    return calendar.timegm(value.timetuple()) if value is not None else None


def stored(ts: float) -> datetime:
    """Unix seconds as stored: naive UTC, whole seconds."""
    return utc(ts).replace(microsecond=0)
