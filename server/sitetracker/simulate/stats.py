"""What a simulation did, counted as it goes (every shopper's thread adds to it)."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stats:
    """Running totals of one simulation; read them at any time.

    ``kept`` and ``dropped`` are what the server answered (acknowledgements and beacon
    responses), so ``dropped["bot"]`` is the server's own count of bot events refused.
    """

    shoppers: int = 0  # visits started, bots included
    bots: int = 0
    beacon_only: int = 0
    returning: int = 0
    live: int = 0  # visits in progress now
    peak_live: int = 0
    connections: int = 0  # live connections opened
    beacons: int = 0  # POST /api/collect requests
    events: int = 0  # events sent, bots' included
    bot_events: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    purchases: int = 0
    revenue: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def humans(self) -> int:
        return self.shoppers - self.bots

    def arrived(self, bot: bool, beacon_only: bool, returning: bool) -> None:
        with self._lock:
            self.shoppers += 1
            self.bots += bot
            self.beacon_only += beacon_only
            self.returning += returning
            self.live += 1
            self.peak_live = max(self.peak_live, self.live)

    def left(self) -> None:
        with self._lock:
            self.live -= 1

    def sent(self, events: int, bot: bool, answer: dict[str, Any] | None) -> None:
        """``events`` went out; ``answer`` is the server's ``{"ok", "dropped"}``, if any."""
        with self._lock:
            self.events += events
            if bot:
                self.bot_events += events
            if answer is not None:
                self.kept += int(answer.get("ok", 0))
                self.dropped.update(answer.get("dropped") or {})

    def add(self, name: str, n: int = 1) -> None:
        """Add ``n`` to one of the plain counters (``connections``, ``beacons``...)."""
        with self._lock:
            setattr(self, name, getattr(self, name) + n)

    def purchased(self, value: float) -> None:
        with self._lock:
            self.purchases += 1
            self.revenue = round(self.revenue + value, 2)

    def error(self, kind: str) -> None:
        with self._lock:
            self.errors[kind] += 1

    def summary(self) -> str:
        """One line for the log."""
        with self._lock:
            errors = sum(self.errors.values())
            return (
                f"{self.live} shoppers live ({self.bots} bots so far), {self.shoppers} "
                f"arrived; {self.events} events sent, {self.kept} kept, "
                f"{sum(self.dropped.values())} dropped; {self.purchases} purchases "
                f"(${self.revenue:,.2f}); {errors} errors"
            )
