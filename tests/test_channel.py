"""The live channel's namespace as the app registers it (channel.py): the live part and
the features' socket events in one class, every event a client may send a method."""

from __future__ import annotations

from sitetracker.app import socketio_of
from sitetracker.channel import SiteNamespace
from sitetracker.live.namespaces import LiveNamespace
from sitetracker.messaging.socket import MessagingEvents
from sitetracker.watch.socket import WatchEvents

from .messaging_world import AdminPage


def events_of(cls: type) -> set[str]:
    return {name for name in vars(cls) if name.startswith("on_")}


def test_every_event_of_each_part_is_a_method_of_the_namespace():
    parts = events_of(LiveNamespace) | events_of(MessagingEvents) | events_of(WatchEvents)
    assert {"on_ev", "on_connect", "on_chat_send", "on_watch_start"} <= parts
    assert {name for name in dir(SiteNamespace) if name.startswith("on_")} == parts


def test_the_app_answers_every_site_with_one_namespace_holding_its_features(app, world):
    [handler] = socketio_of(app).server.namespace_handlers.values()
    assert isinstance(handler, SiteNamespace) and handler.namespace == "*"
    assert handler.messaging is app.extensions["sitetracker.messaging"]
    assert handler.watch is app.extensions["sitetracker.watch"]
    admin = AdminPage(app, world.site_a)  # a feature's event, answered on the channel
    assert admin.ask("chat_list", {}) == {"conversations": []}
    assert admin.ask("watch_recordings", {"alerts": []}) == {"alerts": []}
    admin.close()
