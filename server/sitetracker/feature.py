"""What a feature may plug into the tracking services of one app.

A feature (commerce, messaging, the live view, the board, health...) is an object made
for one app. The app factory hands the app's features to
:meth:`~sitetracker.tracking.Tracking.plug`, once, in the order they are asked; each
overrides the methods of :class:`Feature` it needs, and the others do nothing. A
feature's socket events are not plugged in here: they are ``on_<event>`` methods of a
part of :class:`~sitetracker.channel.SiteNamespace`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .domain import SiteInfo, Visit
    from .live.connections import Connection


class Feature:
    """The seams of the live channel; each method says when it is called. Work at
    connect or leave that needs the database, while it is away, is skipped (the page
    still connects)."""

    def config(self, site: SiteInfo) -> dict[str, Any]:
        """Merged into the ``config`` a shopper's widget receives on connect."""
        return {}

    def snapshot(self, site: SiteInfo, now: float) -> dict[str, Any]:
        """Merged into every live snapshot (admins' board, the API, the stream). A part
        that needs the database, while it is away, is left out."""
        return {}

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        """A shopper's page joined its rooms."""

    def disconnected(self, conn: Connection, sid: str) -> None:
        """A socket (a shopper's page, an admin's) left."""

    def alert_raised(self, site: SiteInfo, visit: Visit | None, alert: dict[str, Any]
                     ) -> None:
        """An alert was stored and sent to the site's admins: the shopper's ``visit``
        (None for a site's alert), the alert as admins receive it."""

    def tick(self, now: float) -> None:
        """On every tick of the background loop (:mod:`sitetracker.live.ticker`), as a
        job of its own: a slow database delays this feature, never the loop."""

    def forget_seeds(self) -> None:
        """The live store may have lost what was seeded into it (Redis came back): seed
        again from storage at next use."""
