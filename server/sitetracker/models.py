"""Stored data: organizations, sites, users, roles and tokens.

Models know nothing of Flask or Socket.IO. The schema itself is created and upgraded
by the versioned migrations in :mod:`sitetracker.migrations`; a test checks that the
two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import (
    AutoField,
    BigIntegerField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from .db import database

# What a person may be given in an organization (or on one site), weakest first. A
# manager reads the whole organization and edits the sites assigned to them.
ROLES = ("viewer", "manager", "admin", "owner")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
# The installation-wide role of whoever runs the server (no membership gives it).
OPERATOR = "operator"


def utcnow() -> datetime:
    """Naive UTC now, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = database
        legacy_table_names = False


class Organization(BaseModel):
    name = CharField(max_length=120)
    slug = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    # Set by an owner: members must sign in with a second factor.
    require_two_factor = BooleanField(default=False)


class Site(BaseModel):
    organization = ForeignKeyField(Organization, backref="sites", on_delete="CASCADE")
    organization_id: int
    name = CharField(max_length=120)
    public_key = CharField(max_length=32, unique=True)
    secret = CharField(max_length=64)
    domains = TextField(default="")
    timezone = CharField(max_length=64, default="UTC")
    consent = CharField(max_length=16, default="keep")
    created_at = DateTimeField(default=utcnow)
    secret_rotated_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("organization", "name"), True),)  # names tell an org's sites apart

    @property
    def domain_list(self) -> list[str]:
        return [d for d in self.domains.split() if d]


class User(BaseModel):
    email = CharField(max_length=254, unique=True)
    name = CharField(max_length=120, default="")
    password_hash = CharField(max_length=255)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)


class Membership(BaseModel):
    """A role held by a user on a whole organization, or on one site."""

    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    organization = ForeignKeyField(Organization, null=True, on_delete="CASCADE")
    site = ForeignKeyField(Site, null=True, on_delete="CASCADE")
    role = CharField(max_length=16)
    organization_id: int | None
    site_id: int | None

    class Meta:
        indexes = ((("user", "organization", "site"), True),)


class ApiToken(BaseModel):
    """A personal API token; only its SHA-256 is stored."""

    user = ForeignKeyField(User, backref="api_tokens", on_delete="CASCADE")
    name = CharField(max_length=80)
    token_hash = CharField(max_length=64, unique=True)
    prefix = CharField(max_length=16)
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)


# -- rollups: what ingestion keeps, written by the buffer in batches ----------------------


class DailyCount(BaseModel):
    """An additive counter for one site-day: ``metric`` is pageviews, engaged, page,
    referrer, utm_source, utm_campaign or event; ``key`` is the page, source or name."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    metric = CharField(max_length=16)
    key = CharField(max_length=255, default="")
    value = FloatField(default=0)

    class Meta:
        # The second index serves the reports: one metric over a range of days, read from
        # the index alone.
        indexes = ((("site", "day", "metric", "key"), True),
                   (("site", "metric", "day", "key", "value"), False))


class MonthlyCount(BaseModel):
    """The daily counters of one past month added up, filled when a report first reads
    the month whole and dropped when a write reaches that month (reports/months.py).
    A row of metric ``_filled`` says the month is complete."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    month = CharField(max_length=7)  # YYYY-MM of the site's days
    metric = CharField(max_length=16)
    key = CharField(max_length=255, default="")
    value = FloatField(default=0)

    class Meta:
        indexes = ((("site", "month", "metric", "key"), True),)


class DailyVisitor(BaseModel):
    """One row per visitor per site-day (the visitor id hashed): who, new or returning,
    on what, from where."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    visitor = CharField(max_length=16)
    returning = BooleanField(default=False)
    device = CharField(max_length=8)
    os = CharField(max_length=40)
    browser = CharField(max_length=40)
    country = CharField(max_length=2, default="")

    class Meta:
        indexes = ((("site", "day", "visitor"), True),)


class DailySession(BaseModel):
    """One row per session per site-day (the session id hashed), with its summary:
    first and last event (Unix seconds), entry and exit page, page views, orders, and
    the channel of its first page view (:mod:`sitetracker.ingest.sessions`)."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    session = CharField(max_length=16)
    started = BigIntegerField(default=0)
    ended = BigIntegerField(default=0)
    entry_page = CharField(max_length=300, default="")
    exit_page = CharField(max_length=300, default="")
    pageviews = IntegerField(default=0)
    orders = IntegerField(default=0)
    channel = CharField(max_length=16, default="")

    class Meta:
        indexes = ((("site", "day", "session"), True),)


class DailySketch(BaseModel):
    """The day's visitors as a HyperLogLog sketch (:mod:`sitetracker.ingest.sketch`):
    distinct visitors of long periods without reading every visitor-day."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    day = DateField()
    registers = BlobField()

    class Meta:
        indexes = ((("site", "day"), True),)


class MinuteStat(BaseModel):
    """Per UTC minute: most shoppers live at once, engaged seconds, page views."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    minute = BigIntegerField()  # Unix seconds at the start of the minute
    concurrents = IntegerField(default=0)
    engaged = FloatField(default=0)
    pageviews = IntegerField(default=0)

    class Meta:
        indexes = ((("site", "minute"), True),)


class MonthlyPeak(BaseModel):
    site = ForeignKeyField(Site, on_delete="CASCADE")
    month = CharField(max_length=7)  # YYYY-MM in the site's timezone
    peak = IntegerField(default=0)
    at = BigIntegerField(default=0)

    class Meta:
        indexes = ((("site", "month"), True),)


class RawEvent(BaseModel):
    """The optional raw event log, kept for the configured number of days."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    ts = BigIntegerField(index=True)
    visitor = CharField(max_length=16)
    name = CharField(max_length=40)
    url = CharField(max_length=500, default="")
    props = TextField(default="")
    device = CharField(max_length=8, default="")
    country = CharField(max_length=2, default="")


class ReceivedId(BaseModel):
    """An id already counted, so a retry is not counted again: an event id (``e:<id>``),
    an order id (``order:<id>``) or a platform's webhook delivery (``<platform>:...``).
    Kept until ``expires`` (Unix seconds), then purged (see
    :mod:`sitetracker.ingest.received`)."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    key = CharField(max_length=120)
    expires = BigIntegerField(index=True)

    class Meta:
        indexes = ((("site", "key"), True),)


def all_models() -> list[type[BaseModel]]:
    """Every model, including those of feature packages imported so far."""
    found: list[type[BaseModel]] = []
    pending = list(BaseModel.__subclasses__())
    while pending:
        model = pending.pop(0)
        found.append(model)
        pending.extend(model.__subclasses__())
    return found

