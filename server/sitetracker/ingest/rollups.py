"""What one kept event adds to the rollups, through the write buffer.

Days are the site's days (its timezone). Counters are ``DailyCount`` rows (site, day,
metric, key): the design, and what each metric means, is in docs/reports.md. What
belongs to a session (entry and exit page, duration, page count, channel, bounce) is
gathered per session-day in the buffer and turned into counters when it is written
(:mod:`.sessions`), since only then is the stored session known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..clock import local_day, minute_of
from ..domain import Visit
from ..funnels.steps import mark
from .buffer import SessionTouch, VisitorRow, WriteBuffer
from .catalog_props import TRACKED_EVENTS
from .commerce_props import COMMERCE_EVENTS
from .tracked import count_tracked

if TYPE_CHECKING:
    from ..domain import Event

MAX_PROP_VALUE = 80
MAX_PROPS = 10  # properties of one custom event broken down
# Events that are neither shown in the live stream nor counted as events.
QUIET_EVENTS = ("engage", "leave", "vital")


def product_counts(event: Event) -> list[tuple[str, str, float]]:
    """``(metric, product, amount)`` for the commerce events that name products:
    ``product_view`` (a ``view_item``), ``product_cart`` (``add_to_cart``, by quantity),
    ``product_buy`` and ``product_rev`` (the lines of a ``purchase``)."""
    props = event.props
    if event.name == "view_item" and isinstance(props.get("product"), str):
        return [("product_view", props["product"], 1)]
    if event.name == "add_to_cart" and props.get("product"):
        return [("product_cart", str(props["product"]), float(props.get("quantity", 1)))]
    found: list[tuple[str, str, float]] = []
    if event.name == "purchase" and isinstance(props.get("items"), list):
        for line in props["items"]:
            if line.get("product"):
                found.append(("product_buy", str(line["product"]),
                              float(line.get("quantity", 1))))
                if "value" in line:
                    found.append(("product_rev", str(line["product"]), float(line["value"])))
    return found


def prop_counts(event: Event) -> list[str]:
    """The keys ``name<TAB>property<TAB>value`` of a custom event's properties (text,
    numbers and booleans; the first :data:`MAX_PROPS`, values cut to 80 characters)."""
    if event.name in COMMERCE_EVENTS or event.name in TRACKED_EVENTS or not event.props:
        return []
    keys = []
    for prop, value in list(event.props.items())[:MAX_PROPS]:
        if isinstance(value, bool):
            value = "true" if value else "false"
        if isinstance(value, str | int | float):
            keys.append(f"{event.name}\t{prop}\t{str(value)[:MAX_PROP_VALUE]}")
    return keys


def touch(visit: Visit, event: Event, now: float) -> SessionTouch:
    """What ``event`` tells about its session."""
    plat, loc = visit.platform, visit.location
    page = event.name == "pageview"
    return SessionTouch(
        started=int(now), ended=int(now), entry=event.path if page else "",
        exit=event.path if page else "", pageviews=int(page),
        orders=int(event.name == "purchase"),
        channel=event.channel if page else "", source=event.source if page else "",
        medium=event.utm_medium if page else "", campaign=event.utm_campaign if page else "",
        utm_source=event.utm_source if page else "",
        country=loc.country, city=f"{loc.country}\t{loc.city}" if loc.city else "",
        device=plat.device, os=plat.os, browser=plat.browser, screen=plat.screen,
        visitor=visit.visitor_hash,
        trail=() if event.name in ("engage", "leave") else (mark(event.name, event.path),))


def to_buffer(buffer: WriteBuffer, visit: Visit, event: Event, now: float,
              keep_raw: bool = False) -> None:
    """Add what ``event`` counts (it was kept, and what it must store is stored)."""
    site = visit.site
    day = local_day(now, site.timezone)
    plat = visit.platform
    buffer.visitor(site.id, day, visit.visitor_hash, VisitorRow(
        returning=visit.returning, device=plat.device, os=plat.os, browser=plat.browser,
        country=visit.location.country))
    buffer.session(site.id, day, visit.session_hash, touch(visit, event, now))
    if event.engaged:
        buffer.count(site.id, day, "engaged", "", event.engaged)
        buffer.minute(site.id, minute_of(now), "engaged", event.engaged)
    if event.name == "pageview":
        buffer.count(site.id, day, "pageviews")
        buffer.count(site.id, day, "page", event.path)
        buffer.minute(site.id, minute_of(now), "pageviews", 1)
    elif event.name not in QUIET_EVENTS:
        buffer.count(site.id, day, "event", event.name)
    for metric, product, amount in product_counts(event):
        buffer.count(site.id, day, metric, product, amount)
    count_tracked(buffer, site.id, day, plat.device, event)
    for key in prop_counts(event):
        buffer.count(site.id, day, "prop", key)
    if keep_raw and event.name not in ("engage", "vital"):
        buffer.raw_event({
            "site": site.id, "ts": int(now), "visitor": visit.visitor_hash,
            "name": event.name, "url": event.url[:500], "props": event.props,
            "device": plat.device, "country": visit.location.country,
        })

