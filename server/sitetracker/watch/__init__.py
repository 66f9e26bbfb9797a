"""Watch the shopper: a live view of a shopper's page for the admins who ask, and the
last two minutes of a checkout page kept for the alert it leads to.

* :mod:`.service` relays and decides (:class:`Watch`, the feature the app factory plugs
  in); :mod:`.socket` holds the live channel's events (a part of the site namespace);
  :mod:`.schemas` bounds what they carry; :mod:`.state` is what the live store keeps;
* :mod:`.settings` and :mod:`.recordings` are what is stored (:mod:`.models`).

The shopper's side is the widget's recorder chunk (``widget/src/watch/``), the admin's
the replayer chunk (``admin-overlay/src/watch/``). Events and shapes: docs/protocol.md,
"Live view".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .service import Watch

if TYPE_CHECKING:
    from flask import Flask

    from ..messaging import Messaging
    from ..tracking import Tracking

__all__ = ["Watch", "init_app"]


def init_app(app: Flask, tracking: Tracking, messaging: Messaging) -> Watch:
    """The live view for ``tracking`` (shoppers known by ``messaging``'s refs; the app
    factory puts :meth:`Watch.on_event` in the pipeline's reactions)."""
    watch = Watch(tracking, messaging.state)
    app.extensions["sitetracker.watch"] = watch
    return watch
