"""The steps each event goes through (:func:`.pipeline.ingestion` lists them in order).

A step takes the event and the visit it belongs to and returns the event, changed or
not, or a :class:`~.visit.Drop` whose reason is one of :data:`.drops.DROP_REASONS`.
Steps do no I/O of their own; features' steps (commerce's page type and payment-error
log) follow the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

from ..domain import Drop, Visit
from .channels import classify
from .drops import DROP_FOREIGN_PAGE
from .scrub import scrub

if TYPE_CHECKING:
    from ..domain import Event

Step = Callable[["Event", Visit], "Event | Drop"]
MAX_PATH = 300


def _host(url: str) -> str:
    try:
        return (urlparse(url).hostname or "").lower()
    except ValueError:
        return ""


def keep(event: Event, visit: Visit) -> Event:
    """No step here: the feature that provides it is not installed."""
    return event


def scrub_props(event: Event, visit: Visit) -> Event:
    """Free text in properties loses e-mail addresses, phone and card numbers
    (:mod:`.scrub`), but for the contact a payment error carries on
    purpose: the payment-error log keeps it and strips it from the event."""
    if not event.props:
        return event
    props = {key: value if key in ("email", "phone") else scrub(value)
             for key, value in event.props.items()}
    return replace(event, props=props) if props != event.props else event


def drop_foreign_page(event: Event, visit: Visit) -> Event | Drop:
    """A page URL must be on one of the site's domains."""
    if event.url and not visit.site.allows_origin(event.url):
        return Drop(DROP_FOREIGN_PAGE)
    return event


def put_page(event: Event, visit: Visit) -> Event:
    """The page's path, without query or fragment, as the live URL list shows it."""
    if not event.url:
        return event
    try:
        path = urlparse(event.url).path or "/"
    except ValueError:
        path = "/"
    return replace(event, path=path[:MAX_PATH])


def put_source(event: Event, visit: Visit) -> Event:
    """Where a page view came from: ``utm_source``, else the referring host, else direct;
    and its channel (:func:`.channels.classify`)."""
    if event.name != "pageview":
        return event
    try:
        query = parse_qs(urlparse(event.url).query)
    except ValueError:
        query = {}
    utm_source = (query.get("utm_source") or [""])[0][:100]
    utm_campaign = (query.get("utm_campaign") or [""])[0][:100]
    utm_medium = (query.get("utm_medium") or [""])[0][:100]
    referrer_host = _host(event.referrer)
    if referrer_host.startswith("www."):
        referrer_host = referrer_host[4:]
    if referrer_host and visit.site.allows_origin(event.referrer):
        referrer_host = ""  # moving within the store is not a source
    source = utm_source or referrer_host or ""
    return replace(event, source=source, utm_source=utm_source, utm_campaign=utm_campaign,
                   utm_medium=utm_medium,
                   channel=classify(referrer_host, utm_source, utm_medium))
