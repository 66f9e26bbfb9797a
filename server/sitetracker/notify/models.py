"""What notifications store: a site's webhook endpoints, each person's e-mail choices,
scheduled reports and quiet hours, and the delivery queue with every attempt (the
delivery log)."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..commerce.models import Alert
from ..models import BaseModel, Site, User, utcnow


class Endpoint(BaseModel):
    """A site's Slack, Teams or signed webhook (``kind``), and which alerts it gets:
    ``rules`` is ``all`` or the ids of the rules, comma-separated; ``sales`` adds every
    sale."""

    class Meta:
        table_name = "notify_endpoint"

    site = ForeignKeyField(Site, on_delete="CASCADE")
    kind = CharField(max_length=8)  # slack, teams or webhook
    name = CharField(max_length=80)
    url = CharField(max_length=500)
    secret = CharField(max_length=64, default="")  # signs a webhook's body
    rules = CharField(max_length=500, default="all")
    sales = BooleanField(default=False)
    enabled = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    site_id: int


class MailChoice(BaseModel):
    """What one person wants by e-mail from one site: alerts of ``rules`` (``all`` or
    ids) at once, and sales gathered in a digest when ``sales`` is on."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    site = ForeignKeyField(Site, on_delete="CASCADE")
    rules = CharField(max_length=500, default="all")
    sales = BooleanField(default=False)
    user_id: int
    site_id: int

    class Meta:
        table_name = "notify_mail_choice"
        indexes = ((("user", "site"), True),)


class QuietHours(BaseModel):
    """A person's quiet hours, in their time zone (minutes after midnight; start equal
    to end means none). Mail due in them waits for their end, but an emergency goes out
    at once when ``emergencies`` is on (the default)."""

    class Meta:
        table_name = "notify_quiet_hours"

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    timezone = CharField(max_length=64, default="UTC")
    start = IntegerField(default=0)
    end = IntegerField(default=0)
    emergencies = BooleanField(default=True)
    user_id: int


class ReportChoice(BaseModel):
    """One person's scheduled report of one site (no row: none): ``daily`` (yesterday)
    or ``weekly`` (last Monday to Sunday, sent on Monday), at ``hour`` o'clock in the
    site's time zone. ``since`` (Unix seconds) is when it was turned on: reports that
    fell due before are not sent."""

    user = ForeignKeyField(User, on_delete="CASCADE")
    site = ForeignKeyField(Site, on_delete="CASCADE")
    frequency = CharField(max_length=8)  # daily or weekly
    hour = IntegerField(default=8)
    since = DoubleField()
    user_id: int
    site_id: int

    class Meta:
        table_name = "notify_report_choice"
        indexes = ((("user", "site"), True),)


class Delivery(BaseModel):
    """One alert (or a test, or a scheduled report) to send to one endpoint or one
    person's mail, stored in the alert's own transaction. Senders claim a row by writing
    their claim into ``claimed_by`` with a lease (``claimed_until``), so two never send
    it both. A scheduled report names its period in ``report`` (``daily:2026-03-09``,
    ``weekly:2026-03-02``), unique per person and site, so it is queued once."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    alert = ForeignKeyField(Alert, null=True, on_delete="CASCADE")
    endpoint = ForeignKeyField(Endpoint, null=True, on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, on_delete="CASCADE")
    channel = CharField(max_length=8)  # mail, report, slack, teams or webhook
    digest = BooleanField(default=False)
    status = CharField(max_length=8, default="pending")  # pending, sent, failed
    due = DoubleField(index=True)  # Unix seconds
    attempts = IntegerField(default=0)
    claimed_by = CharField(max_length=32, null=True)
    claimed_until = DoubleField(null=True)
    report = CharField(max_length=24, null=True)
    created_at = DateTimeField(default=utcnow)
    site_id: int
    alert_id: int | None
    endpoint_id: int | None
    user_id: int | None

    class Meta:
        table_name = "notify_delivery"
        indexes = ((("status", "due"), False), (("user", "site", "report"), True))


class Attempt(BaseModel):
    """One try at a delivery: when, the HTTP status (or 250 for mail accepted), and
    what went wrong."""

    class Meta:
        table_name = "notify_attempt"

    delivery = ForeignKeyField(Delivery, backref="attempt_rows", on_delete="CASCADE")
    at = DoubleField()
    code = IntegerField(null=True)
    error = TextField(default="")
    delivery_id: int
