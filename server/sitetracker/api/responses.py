"""The shapes of the API's answers, as marshmallow schemas the OpenAPI document is
generated from (they load nothing; the routes build their answers as dicts)."""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields


class Answer(Schema):
    """An answer may carry more than its documented keys (clients ignore the others)."""

    class Meta:
        unknown = INCLUDE


def _text(**kwargs: object) -> fields.String:
    return fields.String(required=True, **kwargs)  # type: ignore[arg-type]


def _maybe_text() -> fields.String:
    return fields.String(required=True, allow_none=True)


class ErrorBody(Answer):
    status = fields.Integer(required=True)
    message = _text()
    named = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields")


class Error(Answer):
    """The one shape of every JSON error (:mod:`sitetracker.api.errors`)."""

    error = fields.Nested(ErrorBody, required=True)


class Collected(Answer):
    """What a beacon's events became: kept, and dropped by reason."""

    ok = fields.Integer(required=True)
    dropped = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    ignored = fields.String()


class Organization(Answer):
    slug = _text()
    name = _text()


class Me(Answer):
    email = _text()
    name = _text()
    organizations = fields.List(fields.Nested(Organization), required=True)


class SiteOut(Answer):
    key = _text()
    name = _text()
    organization = _text()
    domains = fields.List(fields.String(), required=True)
    timezone = _text()
    consent = _text()
    role = _text()
    widget_snippet = _text()
    secret = fields.String(metadata={"description": "admins and owners only"})


class Sites(Answer):
    sites = fields.List(fields.Nested(SiteOut), required=True)


class RuleOut(Answer):
    id = fields.Integer(required=True)
    name = _text()
    kind = _text()
    event = _maybe_text()
    threshold = fields.Float(required=True)
    window = fields.Integer(required=True)
    severity = _text()
    enabled = fields.Boolean(required=True)
    default = fields.Boolean(required=True)


class Rules(Answer):
    rules = fields.List(fields.Nested(RuleOut), required=True)
    kinds = fields.List(fields.String(), required=True)


class EventDefinitionOut(Answer):
    id = fields.Integer(required=True)
    name = _text()
    trigger = _text()
    selector = fields.String()
    pattern = fields.String()


class EventDefinitions(Answer):
    events = fields.List(fields.Nested(EventDefinitionOut), required=True)


class Alert(Answer):
    id = fields.Integer(required=True)
    kind = _text()
    severity = _text()
    title = _text()
    rule = fields.Integer(required=True, allow_none=True)
    at = fields.Float(required=True, allow_none=True)
    shopper = _maybe_text()
    value = fields.Float(required=True, allow_none=True)
    currency = _maybe_text()
    details = fields.Dict(required=True)
    acknowledged = fields.Boolean(required=True)
    acknowledged_at = fields.Float(required=True, allow_none=True)
    acknowledged_by = _maybe_text()
    name = _maybe_text()  # the shopper's name of the day
    waits = fields.Boolean(required=True)  # waits for acknowledgement (sales never do)
    helped_by = _maybe_text()  # chat, broadcast or watch
    helped_at = fields.Float(required=True, allow_none=True)
    outcome = _maybe_text()  # rescued, recovered, lost; null while open
    ended_at = fields.Float(required=True, allow_none=True)
    sale = fields.Dict(required=True, allow_none=True)  # {value, currency} that ended it


class Alerts(Answer):
    alerts = fields.List(fields.Nested(Alert), required=True)


class PaymentError(Answer):
    id = fields.Integer(required=True)
    at = _text()
    shopper = _text()
    email = _maybe_text()
    phone = _maybe_text()
    amount = fields.Float(required=True, allow_none=True)
    currency = _maybe_text()
    items = fields.Integer(required=True, allow_none=True)
    lines = fields.List(fields.Dict(), required=True)
    method = _maybe_text()
    code = _maybe_text()
    message = _maybe_text()
    device = _maybe_text()
    os = _maybe_text()
    browser = _maybe_text()
    country = _maybe_text()
    city = _maybe_text()
    path = _maybe_text()


class PaymentErrors(Answer):
    payment_errors = fields.List(fields.Nested(PaymentError), required=True)


class Removed(Answer):
    """What an erasure removed, per kind (payment_errors, conversations, messages, ...)."""

    removed = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class Erased(Removed):
    """The payment-error log's erasure (kept for earlier clients): the whole erasure,
    with how many payment errors went as ``erased``."""

    erased = fields.Integer(required=True)


class RetentionPeriods(Answer):
    """A site's retention periods in days; ``raw_events`` null: the server's setting."""

    raw_events = fields.Integer(required=True, allow_none=True)
    payment_errors = fields.Integer(required=True)
    chats = fields.Integer(required=True)
    alerts = fields.Integer(required=True)


class AuditEntries(Answer):
    """Admin actions, newest first."""

    entries = fields.List(fields.Dict(), required=True)


class Funnel(Answer):
    site = _text()
    timezone = _text()
    today = _text()
    days = fields.List(fields.Dict(), required=True)


class DaysAnswer(Answer):
    """An answer about a range of a site's days."""

    site = _text()
    timezone = _text()
    from_ = _text(data_key="from")
    to = _text()


class Stats(DaysAnswer):
    days = fields.List(fields.Dict(), required=True)


def _ranked(what: str) -> fields.List:
    return fields.List(fields.Raw(), required=True, metadata={
        "description": f"[{what}, sessions] pairs, most sessions first"})


class Audience(Answer):
    """Who the sessions were (sitetracker.reports.audience). Screen sizes are classes of
    the page's width in CSS pixels: phone below 576, tablet 576 to 991, laptop 992 to
    1439, desktop from 1440; sessions the widget's live channel did not measure are not
    in them."""

    countries = _ranked("country code")
    cities = fields.List(fields.Raw(), required=True, metadata={
        "description": "[country code, city, sessions], most sessions first"})
    devices = _ranked("mobile, tablet or desktop (the User-Agent)")
    os = _ranked("operating system")
    browsers = _ranked("browser")
    screens = _ranked("phone, tablet, laptop or desktop")


class Report(Answer):
    """A period's report (sitetracker.reports.report): figures, the period before, and
    each section."""

    site = _text()
    timezone = _text()
    from_ = _text(data_key="from")
    to = _text()
    figures = fields.Dict(required=True)
    previous = fields.Dict(allow_none=True)
    days = fields.List(fields.Dict(), required=True)
    orders_per_hour = fields.List(fields.Integer(), required=True)
    channels = fields.Raw(required=True)
    sources = fields.Raw(required=True)
    pages = fields.Dict(required=True)
    audience = fields.Nested(Audience, required=True)
    products = fields.List(fields.Dict(), required=True)
    searches = fields.Raw(required=True)
    events = fields.List(fields.Dict(), required=True)


class OverviewSite(Answer):
    key = _text()
    name = _text()
    organization = _text()
    events = fields.Integer(required=True)
    sessions = fields.Integer(required=True)
    pageviews = fields.Integer(required=True)
    conversions = fields.Integer(required=True)
    conversion_rate = fields.Float(required=True)
    revenue = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    state = _text(metadata={"description": "live, quiet or never"})
    quiet_minutes = fields.Integer(required=True)
    last_event_at = fields.Float(required=True, allow_none=True)
    last_page = _text()


class Overview(Answer):
    """Today's totals across the sites (``active_sites``: events in the last 5 minutes)."""

    totals = fields.Dict(required=True)
    sites = fields.List(fields.Nested(OverviewSite), required=True)


class Board(Answer):
    theme = _text()
    tiles = fields.List(fields.Dict(), required=True)
    saved = fields.Boolean(required=True)
    # The tile types installed, in the order the board's add menu lists them.
    tile_types = fields.List(fields.String(), required=True)


class History(Answer):
    site = _text()
    timezone = _text()
    now = fields.Float(required=True)
    midnight = fields.Float(required=True)
    minutes = fields.Raw(required=True)
    typical = fields.Raw(required=True)
    last_week = fields.Raw(required=True)
    sources = fields.Raw(required=True)


class Live(Answer):
    """The live snapshot (docs/protocol.md, "live"): visitors now, pages, sources..."""

    users = fields.Integer(required=True)


class OpenApi(Answer):
    openapi = _text()
    paths = fields.Dict(required=True)


class Vitals(DaysAnswer):
    metrics = fields.Dict(required=True)
    overall = fields.Dict(required=True)
    devices = fields.Dict(required=True)
    pages = fields.List(fields.Dict(), required=True)
    checkout = fields.Dict(required=True)


class Catalog(DaysAnswer):
    products = fields.List(fields.Dict(), required=True)
    searches = fields.List(fields.Dict(), required=True)
    searches_none = fields.List(fields.Dict(), required=True)


class FunnelOut(Answer):
    """A funnel definition; it counts from ``counts_since`` on."""

    id = fields.Integer(required=True)
    name = _text()
    scope = _text()
    kind = _text()
    steps = fields.List(fields.Dict(), required=True)
    counts_since = _text()


class Funnels(Answer):
    funnels = fields.List(fields.Nested(FunnelOut), required=True)


class FunnelReport(FunnelOut):
    """A funnel over a period: entrants, and per step reached, conversion (of the
    entrants), from_previous and dropped."""

    from_ = _text(data_key="from")
    to = _text()
    entrants = fields.Integer(required=True)
    converted = fields.Integer(required=True)
    conversion_rate = fields.Float(required=True, allow_none=True)
