"""Which step of a funnel an event reaches: the matching rule, with no I/O.

A session's (or a visitor-day's) events are a trail of marks, ``p<path>`` for a page
view and ``e<name>`` for an event. Steps are taken in order: a mark reaches the next step
when it matches it (a page step by :func:`~sitetracker.patterns.path_matches`, an event
step by name), and one mark takes one step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..patterns import path_matches

# The built-in cart funnel (commerce/funnel.py's stages, with a page view before them).
CART_STEPS: list[dict[str, str]] = [
    {"page": "*"}, {"event": "add_to_cart"}, {"event": "checkout"}, {"event": "purchase"}]
CART_NAME = "Cart: view → add to cart → checkout → purchase"


def mark(name: str, path: str) -> str:
    """What the trail keeps of one event."""
    return ("p" + path) if name == "pageview" else ("e" + name)


@dataclass(frozen=True)
class Funnel:
    """A stored definition, as the flush and the reports use it."""

    id: int
    scope: str  # "session" or "day"
    steps: tuple[tuple[str, str], ...]  # ("page", pattern) or ("event", name)

    @classmethod
    def of(cls, id: int, scope: str, steps_json: str) -> Funnel:
        steps: list[dict[str, Any]] = json.loads(steps_json)
        return cls(id, scope, tuple(next(iter(step.items())) for step in steps))


def matches(step: tuple[str, str], mark: str) -> bool:
    kind, value = step
    if kind == "page":
        return mark.startswith("p") and path_matches(value, mark[1:])
    return mark == "e" + value


def advance(funnel: Funnel, reached: int, trail: tuple[str, ...] | list[str]) -> int:
    """How many steps are reached after ``trail``, from ``reached`` steps before it."""
    for item in trail:
        if reached >= len(funnel.steps):
            break
        if matches(funnel.steps[reached], item):
            reached += 1
    return reached
