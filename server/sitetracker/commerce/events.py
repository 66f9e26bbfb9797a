"""Custom events a site defines in the admin, without a redeploy of the store.

A definition names the event and its trigger: ``click`` (a click on or inside an element
matching a CSS ``selector``), ``url`` (a page whose path matches ``pattern``, where
``*`` stands for any characters and everything else is literal) or ``js`` (the store
calls ``sitetracker("track", name, props)`` itself). Widgets get the site's definitions
in ``config`` when they connect, and again, live, whenever they change::

    {"consent": "keep", "events": [
        {"name": "size_guide", "trigger": "click", "selector": "a.size-guide"},
        {"name": "faq_visit", "trigger": "url", "pattern": "/pages/faq*"},
        {"name": "newsletter", "trigger": "js"}]}

Selectors are parsed with soupsieve (the CSS selector engine maintained for Beautiful
Soup): what it refuses, browsers would too; its own extensions (``:-soup-contains``)
and pseudo-elements (which cannot be clicked) are refused as well.
"""

from __future__ import annotations

import re
import time
import warnings
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError, fields, validate, validates_schema

from ..db import database
from ..domain import SiteInfo
from ..ingest.commerce_props import COMMERCE_EVENTS
from ..ingest.schemas import BUILTIN_EVENTS, NAME_RE
from ..validation import BaseSchema
from .models import EventDefinition

if TYPE_CHECKING:
    from ..tracking import Tracking

TRIGGERS = ("click", "url", "js")
MAX_SELECTOR = 300
MAX_PATTERN = 300
MAX_DEFINITIONS = 100
TTL = 5.0


def check_selector(selector: str) -> str:
    """``selector`` if browsers can match clicks with it; else ValidationError."""
    import soupsieve

    text = selector.strip()
    if not text:
        raise ValidationError("give the CSS selector of the element to watch")
    if len(text) > MAX_SELECTOR:
        raise ValidationError(f"at most {MAX_SELECTOR} characters")
    if ":-soup-" in text or re.search(r":contains\(", text):
        raise ValidationError("not a standard CSS selector: browsers do not know "
                              ":contains or :-soup-*")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            soupsieve.compile(text)
    except soupsieve.SelectorSyntaxError as exc:
        reason = str(exc).splitlines()[0]
        raise ValidationError(f"not a valid CSS selector: {reason}") from None
    except NotImplementedError:
        raise ValidationError("pseudo-elements (::before, ::after...) cannot be clicked; "
                              "select the element itself") from None
    except Exception as exc:  # noqa: BLE001 - a warning or another parser complaint
        raise ValidationError(f"not a valid CSS selector: {exc}") from None
    return text


def check_pattern(pattern: str) -> str:
    text = pattern.strip()
    if not text:
        raise ValidationError("give the page path to match, like /pages/faq*")
    if len(text) > MAX_PATTERN:
        raise ValidationError(f"at most {MAX_PATTERN} characters")
    if not text.startswith(("/", "*")):
        raise ValidationError("a path starts with / (or *), like /checkout/*/thank_you")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValidationError("no spaces or control characters")
    return text



class EventDefinitionSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Regexp(
        NAME_RE, error="lower-case letters, digits and _, starting with a letter, at most 40"))
    trigger = fields.String(required=True, validate=validate.OneOf(
        TRIGGERS, error="one of click, url or js"))
    selector = fields.String(load_default="")
    pattern = fields.String(load_default="")

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        name = data.get("name", "")
        if name in BUILTIN_EVENTS or name in COMMERCE_EVENTS:
            raise ValidationError(f"{name} is a built-in event; choose another name", "name")
        if data.get("trigger") == "click":
            _field("selector", check_selector, data.get("selector", ""))
        if data.get("trigger") == "url":
            _field("pattern", check_pattern, data.get("pattern", ""))


def _field(name: str, check: Any, value: str) -> None:
    """Run ``check`` on ``value``, its error named ``name``."""
    try:
        check(value)
    except ValidationError as exc:
        raise ValidationError(exc.messages, name) from None


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """A loaded definition with only its trigger's field kept."""
    trigger = data["trigger"]
    return {"name": data["name"], "trigger": trigger,
            "selector": data.get("selector", "") if trigger == "click" else "",
            "pattern": data.get("pattern", "") if trigger == "url" else ""}


def definition_json(row: EventDefinition) -> dict[str, Any]:
    """As widgets receive it (and the API shows it, with its id)."""
    item: dict[str, Any] = {"name": row.name, "trigger": row.trigger}
    if row.trigger == "click":
        item["selector"] = row.selector
    elif row.trigger == "url":
        item["pattern"] = row.pattern
    return item


def site_event_names(site_id: int) -> set[str]:
    rows = EventDefinition.select(EventDefinition.name).where(EventDefinition.site == site_id)
    return {row.name for row in rows}


class Definitions:
    """Each site's definitions as widgets get them, read at most every ``TTL`` seconds;
    the ``config`` hook."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._cache: dict[int, tuple[float, list[dict[str, Any]]]] = {}

    def for_site(self, site_id: int) -> list[dict[str, Any]]:
        now = time.monotonic()
        cached = self._cache.get(site_id)
        if cached is None or now - cached[0] >= self.ttl:
            try:
                with database.connection_context():
                    rows = (EventDefinition.select().where(EventDefinition.site == site_id)
                            .order_by(EventDefinition.name))
                    cached = (now, [definition_json(row) for row in rows])
            except Exception:
                if cached is None:
                    raise
                return cached[1]  # the database is away: the definitions last read
            if len(self._cache) > 10000:
                self._cache.clear()
            self._cache[site_id] = cached
        return cached[1]

    def config(self, site: SiteInfo) -> dict[str, Any]:
        return {"events": self.for_site(site.id)}

    def changed(self, tracking: Tracking, site: SiteInfo) -> None:
        """After a change: forget, and tell every open page of the site at once."""
        self._cache.pop(site.id, None)
        tracking.emitter.to_shoppers(site, "config", tracking.config(site))
