"""What product views, searches, cart lines and Web Vitals add to the day's rollups,
through the write buffer: counts per product and per search term, and the vitals'
bucket counts (:mod:`sitetracker.vitals`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..vitals.buckets import METRICS, bucket_of
from .buffer import WriteBuffer

if TYPE_CHECKING:
    from .pipeline import Event

# DailyCount metrics (the key is the product's name or the search term).
PRODUCT_VIEWS = "product_view"
PRODUCT_CARTS = "product_cart"
PRODUCT_BUYS = "product_buy"
SEARCHES = "search"
SEARCHES_NONE = "search_none"  # searches that found nothing


def count_tracked(buffer: WriteBuffer, site: int, day: date, device: str, event: Event
                  ) -> None:
    """Add ``event``'s part to the rollups (nothing for other events)."""
    props = event.props
    if event.name == "vital" and props.get("m") in METRICS:
        metric = METRICS[props["m"]]
        buffer.vital(site, day, metric.name, device, event.path or "/",
                     bucket_of(metric, float(props["v"])))
    elif event.name == "view_item" and props.get("product"):
        buffer.count(site, day, PRODUCT_VIEWS, props["product"])
    elif event.name == "search" and props.get("q"):
        buffer.count(site, day, SEARCHES, props["q"])
        if props.get("results") == 0:
            buffer.count(site, day, SEARCHES_NONE, props["q"])
    elif event.name == "add_to_cart" and props.get("product"):
        buffer.count(site, day, PRODUCT_CARTS, props["product"], props.get("quantity", 1))
    elif event.name == "purchase" and isinstance(props.get("items"), list):
        for line in props["items"]:
            if line.get("product"):
                buffer.count(site, day, PRODUCT_BUYS, line["product"], line.get("quantity", 1))
