"""The live board: each person's tile layout per site, and the history its graphs need.

* :mod:`.models` stores a person's layout, theme and tile thresholds per site;
* :mod:`.layouts` saves a person's layout and resets it (read back by
  :mod:`sitetracker.reports.layouts`);
* :mod:`.tiles` names the tile types and validates layouts (bounded, known tiles only);
  :class:`Board` holds the tile types installed in one app (the board's and features')
  and adds today's sources to the live snapshot;
* :mod:`sitetracker.reports.board` computes from the minute rollups what the live snapshot does not
  carry: today's curve, the typical band for each minute of the day, last week's value.

The HTTP routes live with the others (``api/board.py`` and ``web/board.py``); the board
itself is browser code (``dashboard/src/``) fed by the admin socket.
"""

from __future__ import annotations

from collections.abc import Callable, KeysView
from typing import TYPE_CHECKING, Any

from ..db import database
from ..domain import SiteInfo
from ..feature import Feature
from .tiles import BOARD_TILES

if TYPE_CHECKING:
    from flask import Flask

    from ..tracking import Tracking

SOURCES_EVERY = 5.0  # seconds between two reads of today's sources, per site

# Today's sources of a site from storage (site id, timezone, now):
# :func:`sitetracker.reports.board.sources_today`, handed in by the app factory.
ReadSources = Callable[[int, str, float], dict[str, Any]]


class SourcesPart:
    """Adds ``sources_today`` (``read``: see :func:`sitetracker.reports.board.sources_today`)
    to every live snapshot, read from storage at most every ``SOURCES_EVERY`` seconds per
    site (the write buffer fills it every few seconds anyway)."""

    def __init__(self, read: ReadSources, spawn: Callable[..., Any] | None = None) -> None:
        self.read = read
        self._cache: dict[int, tuple[float, dict[str, Any]]] = {}
        # The live tick asks every second: with ``spawn`` (the app's background tasks)
        # a known answer is read again in the background, never while the tick waits.
        self.spawn = spawn

    def __call__(self, site: SiteInfo, now: float) -> dict[str, Any]:
        cached = self._cache.get(site.id)
        if cached is None or not 0 <= now - cached[0] < SOURCES_EVERY:
            if cached is not None and self.spawn is not None:
                self._cache[site.id] = (now, cached[1])  # one read at a time
                self.spawn(self._read, site, now)
            else:
                cached = self._read(site, now)
        return {"sources_today": cached[1]}

    def _read(self, site: SiteInfo, now: float) -> tuple[float, dict[str, Any]]:
        with database.connection_context():
            cached = (now, self.read(site.id, site.timezone, now))
        self._cache[site.id] = cached
        return cached


class Board(Feature):
    """The board of one app (``app.extensions["sitetracker.board"]``): the tile types a
    layout may hold there, in the order the board's add menu lists them, and
    ``sources_today`` in every live snapshot."""

    def __init__(self, sources: SourcesPart) -> None:
        self._types: dict[str, None] = dict.fromkeys(BOARD_TILES)
        self.sources = sources

    @property
    def tile_types(self) -> KeysView[str]:
        """The installed tile types, in order (and a set: ``in``, ``<=``)."""
        return self._types.keys()

    def add_tiles(self, *names: str) -> None:
        """Let layouts hold a feature's own tiles, after those already there (the app
        factory adds them)."""
        self._types.update(dict.fromkeys(names))

    def snapshot(self, site: SiteInfo, now: float) -> dict[str, Any]:
        return self.sources(site, now)


def board_of(app: Flask) -> Board:
    board: Board = app.extensions["sitetracker.board"]
    return board


def init_app(app: Flask, tracking: Tracking, read_sources: ReadSources) -> Board:
    """The app's board (the app factory plugs it in and adds the features' tiles);
    ``read_sources`` reads a site's sources today from storage."""
    spawn = None if tracking.settings.testing else tracking.socketio.start_background_task
    board = app.extensions["sitetracker.board"] = Board(SourcesPart(read_sources, spawn))
    return board
