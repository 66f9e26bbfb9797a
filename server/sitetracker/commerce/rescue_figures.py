"""The rescue figures of each site, kept a few seconds per site (the snapshot asks on
every push); an outcome stored on this worker drops the kept figures at once.

The read model that computes them (:func:`sitetracker.reports.rescues.figures`) is
given at the app factory: reports read commerce's tables, so commerce does not import
reports.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..domain import SiteInfo
from ..storage.failures import DATABASE_AWAY

FIGURES_TTL = 10.0
# A site's figures at a time, from storage: the read model.
ReadFigures = Callable[[SiteInfo, float], dict[str, Any]]


class RescueFigures:
    """The figures of each site, kept :data:`FIGURES_TTL` seconds."""

    def __init__(self, read: ReadFigures) -> None:
        self.read = read
        self._kept: dict[int, tuple[float, dict[str, Any]]] = {}

    def of(self, site: SiteInfo, now: float) -> dict[str, Any] | None:
        """The site's figures (the last known while the database does not answer; None
        if none is known)."""
        checked = time.monotonic()
        kept = self._kept.get(site.id)
        if kept is not None and 0 <= checked - kept[0] < FIGURES_TTL:
            return kept[1]
        try:
            figures = self.read(site, now)
        except DATABASE_AWAY:
            return kept[1] if kept is not None else None
        if len(self._kept) > 10000:
            self._kept.clear()
        self._kept[site.id] = (checked, figures)
        return figures

    def forget(self, site_id: int) -> None:
        self._kept.pop(site_id, None)
