"""Erasing one shopper of a site, on their request: everything stored about them goes.

A shopper is named by their exact visitor id (the widget's ``st_vid``), their email (as
the payment-error log holds it) or their ref (the 16 hexadecimal characters of the
visitor hash that admins see on alerts, conversations and the log). Every stored row
keeps the visitor hash, so each name comes down to a set of hashes; then, in one
transaction: the payment-error log, conversations and their messages, visitor-day and
funnel-day rows, raw events and the recordings of what led to their alerts are deleted,
and alerts about them keep only their aggregate (kind, severity, when, value, counts)
while every detail of the shopper goes.
What the live store keeps of them (cart, pages, errors seen, rule counters, the ref,
today's funnel) is forgotten too. The answer counts what was removed, per kind.

Rows still waiting in other workers' write buffers (at most a flush interval's worth)
are not reached.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Protocol

from marshmallow import ValidationError, fields, validate, validates_schema

from ..commerce.models import Alert, AlertRule, FunnelVisitor, PaymentError
from ..commerce.state import CommerceKeys
from ..db import database
from ..domain import visitor_hash
from ..funnels.models import FunnelDefinition, FunnelProgress
from ..messaging.models import Conversation, Message
from ..messaging.state import MessagingKeys
from ..models import DailySession, DailyVisitor, RawEvent
from ..store_api import KeyValue, Scans, Sets
from ..validation import QuerySchema
from ..watch.models import AlertRecording

if TYPE_CHECKING:
    from ..tracking import Tracking

KINDS = ("payment_errors", "conversations", "messages", "alerts", "visitor_days",
         "funnel_days", "raw_events", "recordings")
# What an erased shopper's alert keeps: counts and codes, nothing that describes them.
AGGREGATE_DETAILS = ("event", "count", "window", "items", "users", "threshold", "code")
ID = r"[A-Za-z0-9_-]{8,64}"
REF = r"[0-9a-f]{16}"


class ShopperSchema(QuerySchema):
    """``email``, ``visitor`` (the exact visitor id) or ``ref``: whom to erase."""

    email = fields.String(validate=validate.Length(min=3, max=254))
    visitor = fields.String(validate=validate.Regexp(
        ID, error="the exact visitor id: 8 to 64 letters, digits, - or _"))
    ref = fields.String(validate=validate.Regexp(
        REF, error="16 hexadecimal characters, as admins see it"))

    @validates_schema
    def one_shopper(self, data: dict[str, Any], **kwargs: Any) -> None:
        named = [name for name in ("email", "visitor", "ref") if data.get(name)]
        if not named:
            raise ValidationError("name the shopper: email, visitor or ref", "email")
        if len(named) > 1:
            raise ValidationError("name the shopper one way only", named[1])


LABELS = {"payment_errors": ("payment error", "payment errors"),
          "conversations": ("conversation", "conversations"),
          "messages": ("message", "messages"), "alerts": ("alert scrubbed", "alerts scrubbed"),
          "visitor_days": ("visitor day", "visitor days"),
          "funnel_days": ("funnel day", "funnel days"),
          "raw_events": ("raw event", "raw events"),
          "recordings": ("alert recording", "alert recordings")}


def summary(removed: dict[str, int]) -> str:
    """``2 payment errors, 1 conversation, 0 messages, ...``: what an erasure removed."""
    return ", ".join(f"{removed[kind]} {LABELS[kind][removed[kind] != 1]}" for kind in KINDS)


def hashes_of(site_id: int, who: dict[str, str]) -> tuple[set[str], set[str]]:
    """The visitor hashes the shopper is stored under, and their visitor ids as far as
    they are known (live state is keyed by them)."""
    if who.get("visitor"):
        return {visitor_hash(site_id, who["visitor"])}, {who["visitor"]}
    if who.get("ref"):
        hashes = {who["ref"]}
    else:
        email = who["email"].strip().lower()
        hashes = {row.visitor for row in PaymentError.select(PaymentError.visitor).where(
            (PaymentError.site == site_id) & (PaymentError.email == email)) if row.visitor}
    visitors = {row.visitor for row in Conversation.select(Conversation.visitor).where(
        (Conversation.site == site_id) & Conversation.visitor_hash.in_(list(hashes or {""})))}
    return hashes, visitors


class ErasedStore(KeyValue, Sets, Scans, Protocol):
    """The live store's commands erasure uses (on the keys of commerce and messaging)."""


def erase(site_id: int, who: dict[str, str], store: ErasedStore | None = None,
          prefix: str = "st") -> dict[str, int]:
    """Erase the shopper ``who`` (loaded by :class:`ShopperSchema`) from ``site_id``, and
    from the live ``store`` when given; return how many rows of each kind were removed
    (alerts: scrubbed)."""
    removed = dict.fromkeys(KINDS, 0)
    with database.connection_context(), database.atomic():
        hashes, visitors = hashes_of(site_id, who)
        chats = [row.id for row in Conversation.select(Conversation.id).where(
            (Conversation.site == site_id) & Conversation.visitor_hash.in_(list(hashes) or [""]))]
        if who.get("email"):
            removed["payment_errors"] += PaymentError.delete().where(
                (PaymentError.site == site_id)
                & (PaymentError.email == who["email"].strip().lower())).execute()
        if hashes:
            removed.update(_delete_rows(site_id, list(hashes), removed["payment_errors"]))
    if store is not None:
        _forget_live(store, prefix, site_id, hashes, visitors)
        if chats:
            store.delete(*[MessagingKeys(prefix).chat_live(chat) for chat in chats])
    return removed


def erase_live(tracking: Tracking, site_id: int, who: dict[str, str]) -> dict[str, int]:
    """:func:`erase` from a running server: this worker's pending rows land first (then
    go with the rest), and live state forgets the shopper."""
    tracking.buffer.flush()
    return erase(site_id, who, tracking.store, tracking.live.prefix)


def _delete_rows(site_id: int, hashes: list[str], erased: int) -> dict[str, int]:
    conversations = [row.id for row in Conversation.select(Conversation.id).where(
        (Conversation.site == site_id) & Conversation.visitor_hash.in_(hashes))]
    messages = chats = 0
    if conversations:
        messages = Message.delete().where(Message.conversation.in_(conversations)).execute()
        chats = Conversation.delete().where(Conversation.id.in_(conversations)).execute()
    return {
        "payment_errors": erased + PaymentError.delete().where(
            (PaymentError.site == site_id) & PaymentError.visitor.in_(hashes)).execute(),
        "conversations": int(chats),
        "messages": int(messages),
        "recordings": AlertRecording.delete().where(
            (AlertRecording.site == site_id) & AlertRecording.visitor.in_(hashes)).execute(),
        "alerts": _scrub_alerts(site_id, hashes),
        # A visit without a session id is counted under the visitor's hash as its session.
        "visitor_days": DailyVisitor.delete().where(
            (DailyVisitor.site == site_id) & DailyVisitor.visitor.in_(hashes)).execute()
        + DailySession.delete().where(
            (DailySession.site == site_id) & DailySession.session.in_(hashes)).execute(),
        "funnel_days": FunnelVisitor.delete().where(
            (FunnelVisitor.site == site_id) & FunnelVisitor.visitor.in_(hashes)).execute()
        + FunnelProgress.delete().where(  # day funnels keep the visitor's hash
            FunnelProgress.unit.in_(hashes) & FunnelProgress.funnel.in_(
                FunnelDefinition.select(FunnelDefinition.id)
                .where(FunnelDefinition.site == site_id))).execute(),
        "raw_events": RawEvent.delete().where(
            (RawEvent.site == site_id) & RawEvent.visitor.in_(hashes)).execute(),
    }


def _scrub_alerts(site_id: int, hashes: list[str]) -> int:
    """Alerts about the shopper keep their aggregate; their title loses the shopper's
    words (a payment error's message) and their details everything but counts."""
    rows = list(Alert.select().where((Alert.site == site_id) & Alert.visitor.in_(hashes)))
    for row in rows:
        details = json.loads(row.details or "{}")
        kept = {key: details[key] for key in AGGREGATE_DETAILS if key in details}
        title = row.title
        if row.kind == "payment_error":
            rule = AlertRule.get_or_none(AlertRule.id == row.rule_id) if row.rule_id else None
            title = f"{rule.name if rule else 'Payment error'}: {kept.get('code') or 'failed'}"
        Alert.update(shopper="", visitor="", title=title[:200],
                     details=json.dumps(kept, separators=(",", ":"))).where(
            Alert.id == row.id).execute()
    return len(rows)


def _forget_live(store: ErasedStore, prefix: str, site_id: int, hashes: set[str],
                 visitors: set[str]) -> None:
    commerce, messaging = CommerceKeys(prefix), MessagingKeys(prefix)
    doomed = [messaging.ref(site_id, ref) for ref in hashes]
    for ref in hashes:
        known = store.get(messaging.ref(site_id, ref))
        if known:
            visitors = visitors | {str(known)}
    for visitor in visitors:
        if not re.fullmatch(ID, visitor):
            continue
        doomed += [commerce.cart(site_id, visitor), commerce.pages(site_id, visitor),
                   commerce.errors(site_id, visitor),
                   messaging.conversation(site_id, visitor),
                   messaging.dismissed(site_id, visitor)]
        doomed += list(store.scan_iter(match=commerce.times_of(site_id, visitor)))
        doomed += list(store.scan_iter(match=commerce.fired_for(site_id, visitor)))
    if doomed:
        store.delete(*doomed)
    for key in store.scan_iter(match=commerce.funnels(site_id)):
        if hashes:
            store.srem(key, *hashes)
