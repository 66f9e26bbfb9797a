"""Alert rules: the kinds, their validation, the default rule, and a short-lived cache.

=====================  =======================================================
kind                   fires (at most once per ``window`` minutes, per shopper or
                       for the site)
=====================  =======================================================
``event_count``        a shopper sent ``event`` at least ``threshold`` (N) times
                       within ``window`` (W) minutes
``payment_error``      a shopper hit a payment error
``purchase_above``     a purchase worth more than ``threshold``
``live_users_above``   more than ``threshold`` shoppers live (checked every few seconds)
``live_users_below``   fewer than ``threshold`` shoppers live
=====================  =======================================================

The default rule, made with every site: ``pay_now`` at least 3 times (more than 2)
within 10 minutes for one shopper raises a checkout-trouble emergency.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from threading import Lock
from typing import Any

from marshmallow import ValidationError, fields, validate

from ..db import database
from ..ingest.commerce_props import COMMERCE_EVENTS
from ..validation import BaseSchema, Flag, Number, Whole
from .models import AlertRule

KINDS = ("event_count", "payment_error", "purchase_above", "live_users_above",
         "live_users_below")
SEVERITIES = ("emergency", "warning", "info")
LIVE_KINDS = ("live_users_above", "live_users_below")
MAX_WINDOW = 1440
MAX_COUNT = 1000
MAX_AMOUNT = 1e9
MAX_USERS = 1_000_000
DEFAULT_RULE: dict[str, Any] = {
    "name": "Checkout trouble", "kind": "event_count", "event": "pay_now", "threshold": 3,
    "window_minutes": 10, "severity": "emergency", "enabled": True, "is_default": True,
}
TTL = 5.0


@dataclass(frozen=True)
class Rule:
    id: int
    site_id: int
    name: str
    kind: str
    event: str
    threshold: float
    window: int  # minutes
    severity: str
    enabled: bool
    is_default: bool

    @classmethod
    def of(cls, row: AlertRule) -> Rule:
        return cls(row.id, row.site_id, row.name, row.kind, row.event, row.threshold,
                   row.window_minutes, row.severity, row.enabled, row.is_default)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "event": self.event or None,
                "threshold": int(self.threshold) if self.kind != "purchase_above"
                else self.threshold,
                "window": self.window, "severity": self.severity, "enabled": self.enabled,
                "default": self.is_default}


class RuleSchema(BaseSchema):
    """A rule as the API and the admin pages send it; :func:`check_rule` then checks the
    fields together against the site's events."""

    kind = fields.String(required=True, validate=validate.OneOf(
        KINDS, error="unknown kind; one of " + ", ".join(KINDS)))
    name = fields.String(validate=validate.Length(min=1, max=80))
    event = fields.String(validate=validate.Length(max=40), allow_none=True)
    threshold = Number(error_messages={"invalid": "must be a number"})
    window = Whole(validate=validate.Range(
        1, MAX_WINDOW, error=f"a window is 1 to {MAX_WINDOW} minutes"),
        error_messages={"invalid": "a whole number of minutes"})
    severity = fields.String(validate=validate.OneOf(
        SEVERITIES, error="one of " + ", ".join(SEVERITIES)))
    enabled = Flag()


def _bad(field_name: str, message: str) -> ValidationError:
    return ValidationError({field_name: [message]})


def check_rule(rule: dict[str, Any], site_events: set[str]) -> dict[str, Any]:
    """The whole rule (stored fields merged with the changes) made consistent; raises
    ValidationError naming the field at fault."""
    kind = rule["kind"]
    threshold = rule.get("threshold")
    if kind == "event_count":
        event = (rule.get("event") or "").strip()
        if not event:
            raise _bad("event", "event_count rules need the event to count")
        if event not in site_events and event not in COMMERCE_EVENTS:
            raise _bad("event", f"{event[:40]!r} is not an event of this site; define "
                                "it under Events first")
        if threshold is None or threshold != int(threshold) or not 1 <= threshold <= MAX_COUNT:
            raise _bad("threshold", f"N must be a whole number from 1 to {MAX_COUNT}")
        rule["event"] = event
    else:
        rule["event"] = ""
    if kind == "purchase_above":
        if threshold is None:
            raise _bad("threshold", "give the amount a purchase must exceed")
        if threshold < 0:
            raise _bad("threshold", "the amount must not be negative")
        if threshold > MAX_AMOUNT:
            raise _bad("threshold", "at most 1000000000")
    if kind in LIVE_KINDS:
        if threshold is None or threshold != int(threshold) or not 0 <= threshold <= MAX_USERS:
            raise _bad("threshold", f"a number of live users from 0 to {MAX_USERS}")
    if kind == "payment_error":
        threshold = 1
    rule["threshold"] = float(threshold if threshold is not None else 0)
    rule["window"] = int(rule.get("window") or 10)
    rule["name"] = (rule.get("name") or default_name(rule)).strip()[:80]
    rule["severity"] = rule.get("severity") or ("emergency" if kind == "event_count"
                                                else "warning")
    return rule


def default_name(rule: dict[str, Any]) -> str:
    kind, threshold = rule["kind"], rule.get("threshold") or 0
    return {
        "event_count": f"{rule.get('event')} {int(threshold)}× in {rule.get('window') or 10} min",
        "payment_error": "Payment error",
        "purchase_above": f"Purchase above {threshold:g}",
        "live_users_above": f"More than {int(threshold)} live",
        "live_users_below": f"Fewer than {int(threshold)} live",
    }[kind]


def describe(rule: Rule) -> str:
    """The rule's condition in words, as the admin pages show it."""
    n = int(rule.threshold)
    return {
        "event_count": f"{rule.event} at least {n}× within {rule.window} min, one shopper",
        "payment_error": "any payment error",
        "purchase_above": f"a purchase above {rule.threshold:g}",
        "live_users_above": f"more than {n} shoppers live",
        "live_users_below": f"fewer than {n} shoppers live",
    }.get(rule.kind, rule.kind)


def fields_of(rule: dict[str, Any]) -> dict[str, Any]:
    """A checked rule as the model's columns."""
    return {"name": rule["name"], "kind": rule["kind"], "event": rule["event"],
            "threshold": rule["threshold"], "window_minutes": rule["window"],
            "severity": rule["severity"], "enabled": rule.get("enabled", True)}


def create_default_rule(site_id: int) -> AlertRule:
    """Every new site starts with the checkout-trouble rule (editable, like any)."""
    return AlertRule.create(site=site_id, **DEFAULT_RULE)


class RuleBook:
    """The enabled rules of each site, read from storage at most every ``TTL`` seconds
    per site (so a change made through another worker applies within that time);
    :meth:`forget` applies this worker's own changes at once."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._sites: dict[int, tuple[float, list[Rule]]] = {}
        self._live: tuple[float, dict[int, list[Rule]]] | None = None
        self._lock = Lock()

    def for_site(self, site_id: int) -> list[Rule]:
        now = time.monotonic()
        cached = self._sites.get(site_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            with database.connection_context():
                rows = AlertRule.select().where((AlertRule.site == site_id)
                                                & AlertRule.enabled)
                rules = [Rule.of(row) for row in rows]
        except Exception:
            if cached is None:
                raise
            return cached[1]  # the database is away: the rules last read still apply
        with self._lock:
            if len(self._sites) > 10000:
                self._sites.clear()
            self._sites[site_id] = (now, rules)
        return rules

    def live_rules(self) -> dict[int, list[Rule]]:
        """Every site's enabled live-users rules."""
        now = time.monotonic()
        if self._live is not None and now - self._live[0] < self.ttl:
            return self._live[1]
        found: dict[int, list[Rule]] = {}
        with database.connection_context():
            rows = AlertRule.select().where(AlertRule.enabled
                                            & AlertRule.kind.in_(LIVE_KINDS))
            for row in rows:
                found.setdefault(row.site_id, []).append(Rule.of(row))
        self._live = (now, found)
        return found

    def forget(self, site_id: int) -> None:
        with self._lock:
            self._sites.pop(site_id, None)
            self._live = None
