"""The properties of product views, site searches and Web Vitals, one schema each.

==============  =====================================================================
``view_item``   product (required), id, value, currency
``search``      q (required: the words searched, 1 to 100 characters), results
``vital``       m (LCP, INP, CLS, FCP or TTFB), v (milliseconds; CLS unitless)
==============  =====================================================================

Like commerce events' (:mod:`.commerce_props`), any other key is refused by name.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from ..validation import Number, Whole
from ..vitals.buckets import METRICS
from .commerce_props import Amount, Currency, _Props, _text

TRACKED_EVENTS = ("view_item", "search", "vital")
MAX_QUERY = 100
MAX_RESULTS = 1_000_000
NO_CONTROLS = re.compile(r"^[^\x00-\x1f\x7f]*$")


class ViewItemProps(_Props):
    product = fields.String(required=True, validate=validate.Length(min=1, max=200))
    id = _text(64)
    value = Amount()
    currency = Currency()


class SearchProps(_Props):
    q = fields.String(required=True, validate=[
        validate.Length(min=1, max=MAX_QUERY),
        validate.Regexp(NO_CONTROLS, error="no control characters")])
    results = Whole(validate=validate.Range(0, MAX_RESULTS))


class VitalProps(_Props):
    m = fields.String(required=True, validate=validate.OneOf(
        list(METRICS), error="one of LCP, INP, CLS, FCP, TTFB"))
    v = Number(required=True, validate=validate.Range(min=0))

    @validates_schema
    def bounded_by_metric(self, data: dict[str, Any], **kwargs: Any) -> None:
        metric = METRICS.get(data.get("m", ""))
        if metric and data.get("v", 0) > metric.maximum:
            raise ValidationError(f"at most {metric.maximum:g} for {metric.name}", "v")


SCHEMAS = {"view_item": ViewItemProps(), "search": SearchProps(), "vital": VitalProps()}


def search_term(query: str) -> str:
    """The words of a search as counted: trimmed, single-spaced, lower-case."""
    return " ".join(query.split()).lower()[:MAX_QUERY]


def load_tracked_props(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` checked against ``name``'s table; errors name the property."""
    loaded: dict[str, Any] = SCHEMAS[name].load(value)
    if name == "search":
        loaded["q"] = search_term(loaded["q"])
        if not loaded["q"]:
            raise ValidationError({"q": ["must not be blank"]})
    return loaded
