"""A session-day's summary, and what a change to it adds to the daily counters.

The buffer gathers a :class:`SessionTouch` per session and site-day from the events of a
batch; when it writes them, each is merged into the stored session (:func:`merge`) and
the daily counters get the difference it makes (:func:`counts_added`): a session counts
once, with the channel, source and entry page of its first page view, as a bounce while
it has one page view, and with its latest exit page and duration. No I/O here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# The attributes a session takes from its first page view, and from its visitor.
FIRST_VIEW = ("channel", "source", "medium", "campaign", "utm_source")
# What a session takes from its visit (the first stretch that says), counted per value;
# a screen size is known only from the live channel's events (docs/protocol.md, ``w``).
WHO = ("country", "city", "device", "os", "browser")
DIMENSIONS = (*WHO, "screen")
Key = tuple[str, str]
MAX_TRAIL = 200  # a session's marks gathered between two flushes (funnels/steps.py)


@dataclass(frozen=True)
class SessionTouch:
    """What some events (or the stored row) say of one session on one day."""

    started: int = 0
    ended: int = 0
    entry: str = ""
    exit: str = ""
    pageviews: int = 0
    orders: int = 0
    channel: str = ""
    source: str = ""
    medium: str = ""
    campaign: str = ""
    utm_source: str = ""
    country: str = ""
    city: str = ""  # "FR<TAB>Paris"
    device: str = ""
    os: str = ""
    browser: str = ""
    screen: str = ""  # phone, tablet, laptop or desktop (ingest/platform.py), or ""
    visitor: str = ""  # the visitor hash, for funnels counted per visitor-day
    trail: tuple[str, ...] = ()  # what the funnels see, in order (funnels/steps.py)

    def as_row(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SessionTouch:
        """From a buffered (or journaled) row; rows journaled before sessions had a
        summary carry none of it."""
        names = {f.name for f in fields(cls)}
        found = {k: v for k, v in row.items() if k in names}
        found["trail"] = tuple(found.get("trail", ()))
        return cls(**found)

    @property
    def duration(self) -> int:
        return max(self.ended - self.started, 0)


def merge(earlier: SessionTouch, later: SessionTouch) -> SessionTouch:
    """One session from two of its stretches, ``earlier`` first."""
    firsts = earlier if earlier.pageviews else later
    who = earlier if earlier.device else later
    starts = [t for t in (earlier.started, later.started) if t]
    return replace(
        firsts,
        started=min(starts, default=0), ended=max(earlier.ended, later.ended),
        entry=earlier.entry or later.entry, exit=later.exit or earlier.exit,
        pageviews=earlier.pageviews + later.pageviews, orders=earlier.orders + later.orders,
        visitor=earlier.visitor or later.visitor, screen=earlier.screen or later.screen,
        trail=(earlier.trail + later.trail)[:MAX_TRAIL],
        **{name: getattr(who, name) for name in WHO})


def counts_added(old: SessionTouch | None, new: SessionTouch) -> Counter[Key]:
    """``(metric, key) -> amount`` to add to the day's counters when the stored session
    ``old`` (None: not stored yet) becomes ``new``. Only sessions with a page view count."""
    added: Counter[Key] = Counter()
    before = old if old is not None and old.pageviews else None
    if not new.pageviews:
        return added
    if before is None:
        added["sessions", ""] += 1
        added["channel", new.channel or "direct"] += 1
        added["source", f"{new.source}\t{new.medium}\t{new.campaign}"] += 1
        added["referrer", new.source or "direct"] += 1  # the board's sources today
        if new.utm_source:
            added["utm_source", new.utm_source] += 1
        if new.campaign:
            added["utm_campaign", new.campaign] += 1
        if new.entry:
            added["entry", new.entry] += 1
        for name in DIMENSIONS:
            if getattr(new, name):
                added[name, getattr(new, name)] += 1
    added["bounces", ""] += int(new.pageviews == 1) - int(before is not None
                                                         and before.pageviews == 1)
    added["duration", ""] += new.duration - (before.duration if before else 0)
    added["converted", ""] += int(new.orders > 0) - int(before is not None
                                                        and before.orders > 0)
    if before is not None and before.exit:
        added["exit", before.exit] -= 1
    if new.exit:
        added["exit", new.exit] += 1
    return Counter({key: amount for key, amount in added.items() if amount})
