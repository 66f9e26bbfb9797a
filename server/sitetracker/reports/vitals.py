"""Web Vitals read back from the daily histograms: p75 per metric, per page path and
device, and the checkout pages' p75 beside the funnel's abandonment, for any days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from peewee import fn

from ..commerce.funnel import abandonment
from ..commerce.page_types import page_type_of, stored_rules
from ..vitals.buckets import METRICS, p75, rating
from ..vitals.models import VitalBucket
from .abandonment import daily as daily_funnel

MAX_PAGES = 50
CHECKOUT_TYPES = ("checkout", "payment")
Histogram = dict[str, dict[int, int]]  # metric: {bucket: count}


def _figures(hist: Histogram) -> dict[str, Any]:
    """``{"LCP": {"p75": 2300.0, "rating": "good", "count": 41}, ...}`` for the
    metrics measured."""
    out: dict[str, Any] = {}
    for name, buckets in hist.items():
        metric = METRICS[name]
        value = p75(metric, buckets.items())
        out[name] = {"p75": value, "rating": rating(metric, value),
                     "count": sum(buckets.values())}
    return out


def _add(hist: Histogram, metric: str, bucket: int, count: int) -> None:
    hist.setdefault(metric, {})
    hist[metric][bucket] = hist[metric].get(bucket, 0) + count


def histograms(site_id: int, start: date, end: date
               ) -> dict[tuple[str, str], Histogram]:
    """Every (path, device)'s histograms over the days ``start`` to ``end``."""
    query: Any = (VitalBucket.select(VitalBucket.path, VitalBucket.device, VitalBucket.metric,
                                VitalBucket.bucket, fn.SUM(VitalBucket.count))
             .where((VitalBucket.site == site_id) & VitalBucket.day.between(start, end))
             .group_by(VitalBucket.path, VitalBucket.device, VitalBucket.metric,
                       VitalBucket.bucket).tuples())
    found: defaultdict[tuple[str, str], Histogram] = defaultdict(dict)
    for path, device, metric, bucket, count in query:
        if metric in METRICS:
            _add(found[(path, device)], metric, int(bucket), int(count))
    return dict(found)


def vitals_between(site_id: int, start: date, end: date) -> dict[str, Any]:
    """The p75 of each metric over the days, for the site, per device and per page::

        {"metrics": {"LCP": {"unit": "ms", "good": 2500, "poor": 4000}, ...},
         "overall": {"LCP": {"p75": 2300.0, "rating": "good", "count": 41}, ...},
         "devices": {"mobile": {...as overall...}},
         "pages": [{"path": "/", "device": "mobile", "count": 41, "vitals": {...}}],
         "checkout": {"pages": [{"path": "/checkout", "vitals": {"LCP": ..., "INP": ...}}],
                      "checkouts": 5, "purchases": 3, "checkout_abandonment": 0.4,
                      "carts": 12, "cart_abandonment": 0.75}}

    Pages are the :data:`MAX_PAGES` most measured (by their most measured metric).
    """
    found = histograms(site_id, start, end)
    overall: Histogram = {}
    devices: dict[str, Histogram] = {}
    checkout_pages: dict[str, Histogram] = {}
    rules = tuple(stored_rules(site_id))
    for (path, device), hist in found.items():
        is_checkout = page_type_of(path, rules) in CHECKOUT_TYPES
        for metric, buckets in hist.items():
            for bucket, count in buckets.items():
                _add(overall, metric, bucket, count)
                _add(devices.setdefault(device, {}), metric, bucket, count)
                if is_checkout:
                    _add(checkout_pages.setdefault(path, {}), metric, bucket, count)

    def measured(hist: Histogram) -> int:
        return max((sum(buckets.values()) for buckets in hist.values()), default=0)

    pages = sorted(found.items(), key=lambda item: (-measured(item[1]), item[0]))
    return {
        "metrics": {m.name: {"unit": m.unit, "good": m.good, "poor": m.poor}
                    for m in METRICS.values()},
        "overall": _figures(overall),
        "devices": {device: _figures(hist) for device, hist in sorted(devices.items())},
        "pages": [{"path": path, "device": device, "count": measured(hist),
                   "vitals": _figures(hist)} for (path, device), hist in pages[:MAX_PAGES]],
        "checkout": {**abandonment_between(site_id, start, end), "pages": [
            {"path": path, "vitals": {k: v for k, v in _figures(hist).items()
                                      if k in ("LCP", "INP")}}
            for path, hist in sorted(checkout_pages.items(),
                                     key=lambda item: (-measured(item[1]), item[0]))]},
    }


def abandonment_between(site_id: int, start: date, end: date) -> dict[str, Any]:
    """The funnel's carts, checkouts and purchases over the days, with abandonment."""
    days = daily_funnel(site_id, end, (end - start).days + 1)
    carts = sum(d["carts"] for d in days)
    checkouts = sum(d["checkouts"] for d in days)
    purchases = sum(d["purchases"] for d in days)
    return {"carts": carts, "checkouts": checkouts, "purchases": purchases,
            "cart_abandonment": abandonment(carts, purchases),
            "checkout_abandonment": abandonment(checkouts, purchases)}
