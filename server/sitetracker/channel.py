"""The live channel's namespace as the app registers it: the live part (connections and
shoppers' ``ev``) with the features' socket events, each an ``on_<event>`` method of
its part. Every event a client may send is one of the methods of this class.

Here, above the features, because the live channel (``live/``) sits below them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import AddressLimits
from .live.directory import SiteDirectory
from .live.namespaces import LiveNamespace
from .messaging.socket import MessagingEvents
from .watch.socket import WatchEvents

if TYPE_CHECKING:
    from .messaging import Messaging
    from .tracking import Tracking
    from .watch import Watch


class SiteNamespace(MessagingEvents, WatchEvents, LiveNamespace):
    """``/site/<key>``: ``ev`` (:class:`~.live.namespaces.LiveNamespace`); chats,
    broadcasts and alerts (:class:`~.messaging.socket.MessagingEvents`); the live view
    (:class:`~.watch.socket.WatchEvents`)."""

    def __init__(self, directory: SiteDirectory, tracking: Tracking, own_origin: str,
                 limits: AddressLimits | None = None, *, messaging: Messaging,
                 watch: Watch) -> None:
        self.messaging = messaging
        self.watch = watch
        super().__init__(directory, tracking, own_origin, limits)
