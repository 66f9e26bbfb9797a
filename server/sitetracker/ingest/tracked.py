"""What searches and Web Vitals add to the day's rollups, through the write buffer:
counts per search term, and the vitals' bucket counts (:mod:`sitetracker.vitals`).
Products are counted with the other rollups (:func:`.rollups.product_counts`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..vitals.buckets import METRICS, bucket_of
from .buffer import WriteBuffer

if TYPE_CHECKING:
    from ..domain import Event

# DailyCount metrics (the key is the product's name or the search term); products are
# counted by .rollups.product_counts.
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
    elif event.name == "search" and props.get("q"):
        buffer.count(site, day, SEARCHES, props["q"])
        if props.get("results") == 0:
            buffer.count(site, day, SEARCHES_NONE, props["q"])
