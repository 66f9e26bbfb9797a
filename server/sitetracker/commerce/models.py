"""What commerce stores: event definitions, alert rules, alerts, the payment-error log
and who reached which funnel stage each day."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..models import BaseModel, Site, utcnow


class EventDefinition(BaseModel):
    """A custom event the site's widgets send on a trigger: a click on ``selector``, a
    page whose path matches ``pattern``, or the store's own JS call (``js``)."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    name = CharField(max_length=40)
    trigger = CharField(max_length=8)  # click, url or js
    selector = CharField(max_length=300, default="")
    pattern = CharField(max_length=300, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    site_id: int

    class Meta:
        indexes = ((("site", "name"), True),)


class AlertRule(BaseModel):
    """When to raise an alert (see :mod:`sitetracker.commerce.rules` for the kinds):
    ``threshold`` is N for event counts, an amount or a number of live users."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    name = CharField(max_length=80)
    kind = CharField(max_length=24)
    event = CharField(max_length=40, default="")
    threshold = FloatField(default=0)
    window_minutes = IntegerField(default=10)
    severity = CharField(max_length=16, default="warning")
    enabled = BooleanField(default=True)
    is_default = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    site_id: int


class PageTypeRule(BaseModel):
    """One of a site's own rules for page types (:mod:`sitetracker.commerce.page_types`):
    paths matching ``pattern`` are pages of ``page_type``; the lowest position first."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    position = IntegerField(default=0)
    pattern = CharField(max_length=200)
    page_type = CharField(max_length=16)
    site_id: int


class Alert(BaseModel):
    """A raised alert, with what was known of the shopper (``details``, JSON: pages,
    cart, device, location, errors seen; never their contact)."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    rule = ForeignKeyField(AlertRule, null=True, on_delete="SET NULL")
    kind = CharField(max_length=24)
    severity = CharField(max_length=16)
    title = CharField(max_length=200)
    shopper = CharField(max_length=8, default="")  # the short id the board shows
    visitor = CharField(max_length=16, default="")  # the visitor id, hashed
    value = FloatField(null=True)
    currency = CharField(max_length=3, default="")
    details = TextField(default="{}")
    created_at = DateTimeField(default=utcnow)
    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = CharField(max_length=254, default="")
    # How an emergency about one shopper ended (:mod:`sitetracker.commerce.rescues`):
    # "" while open, then "rescued", "recovered" or "lost"; who helped first and how.
    helped_at = DateTimeField(null=True)
    helped_by = CharField(max_length=10, default="")  # chat, broadcast or watch
    outcome = CharField(max_length=10, default="")
    ended_at = DateTimeField(null=True)
    outcome_value = DoubleField(null=True)  # the purchase that ended it
    outcome_currency = CharField(max_length=3, default="")
    site_id: int
    rule_id: int | None

    class Meta:
        indexes = (
            (("site", "created_at"), False),
            (("site", "ended_at"), False),
            (("kind", "outcome", "created_at"), False),
        )


class AlertPreference(BaseModel):
    """How one person (a user's e-mail or an admin token's subject) wants sales shown:
    ``modal`` (a window that closes itself, gathering sales that arrive together) or
    ``toast`` (corner toasts)."""

    who = CharField(max_length=254, unique=True)
    sales = CharField(max_length=8, default="modal")
    updated_at = DateTimeField(default=utcnow)


class PaymentError(BaseModel):
    """One failed payment: the only place a shopper's contact is kept, when the store
    sends it. Erased per shopper on request."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    shopper = CharField(max_length=8, default="")
    visitor = CharField(max_length=16, default="")
    email = CharField(max_length=254, null=True)
    phone = CharField(max_length=32, null=True)
    amount = FloatField(null=True)
    currency = CharField(max_length=3, default="")
    items = IntegerField(default=0)
    lines = TextField(default="[]")
    method = CharField(max_length=40, default="")
    code = CharField(max_length=64, default="")
    message = CharField(max_length=300, default="")
    device = CharField(max_length=8, default="")
    os = CharField(max_length=40, default="")
    browser = CharField(max_length=40, default="")
    country = CharField(max_length=2, default="")
    city = CharField(max_length=100, default="")
    path = CharField(max_length=300, default="")
    site_id: int

    class Meta:
        indexes = (
            (("site", "created_at"), False),
            (("site", "email"), False),
            (("site", "visitor"), False),
        )


class FunnelVisitor(BaseModel):
    """A shopper (visitor id hashed) who reached a funnel stage on a site-day: ``cart``,
    ``checkout`` or ``purchase``. The daily funnel and abandonment come from these."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    stage = CharField(max_length=8)
    visitor = CharField(max_length=16)

    class Meta:
        indexes = ((("site", "day", "stage", "visitor"), True),)


class RuleEvent(BaseModel):
    """One event an ``event_count`` rule counts (``pay_now`` by default), by a shopper
    (visitor id hashed) at ``ts``: the rule's window comes back from these after a
    restart. Kept a day (the longest window), then purged."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    visitor = CharField(max_length=16)
    event = CharField(max_length=40)
    member = CharField(max_length=100)  # the entry in the live store's time list
    ts = DoubleField(index=True)  # Unix seconds: MySQL's FLOAT would round them to minutes
