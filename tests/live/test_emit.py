"""The one place that sends to browsers over the live channel, and to whom
(live/emit.py): real sockets on the app's namespace, through the test client."""

from __future__ import annotations

from sitetracker.app import socketio_of
from sitetracker.live.emit import Emitter, board_room, visitor_room

from ..messaging_world import AdminPage, ShopperPage


def pages(app, world):
    site = world.site_a
    return (AdminPage(app, site), ShopperPage(app, site, visitor="shopper-0001"),
            ShopperPage(app, site, visitor="shopper-0002"),
            ShopperPage(app, site, visitor="shopper-0002"),  # a second tab
            ShopperPage(app, world.site_b, visitor="shopper-0003",
                        origin="https://shop-b.test"))


def emitter_and_site(app, world):
    tracking = app.extensions["sitetracker"]
    return tracking.emitter, tracking.sites.by_key(world.site_a.public_key)


def heard(*pages_, event="note"):
    return [page.received(event) for page in pages_]


def test_rooms_are_named_after_what_they_hold():
    assert visitor_room("shopper-0001") == "visitor:shopper-0001"
    assert board_room("worker-a") == "board:worker-a"


def test_admins_and_shoppers_rooms_hold_the_sites_admins_and_pages(app, world):
    admin, one, two, two_again, elsewhere = pages(app, world)
    emitter, site = emitter_and_site(app, world)
    emitter.to_admins(site, "note", {"to": "admins"})
    emitter.to_shoppers(site, "note", {"to": "shoppers"})
    assert heard(admin, one, two, two_again, elsewhere) == [
        [{"to": "admins"}], [{"to": "shoppers"}], [{"to": "shoppers"}], [{"to": "shoppers"}],
        []]


def test_this_workers_board_room_holds_the_admins_connected_here(app, world):
    admin, one, *_ = pages(app, world)
    emitter, site = emitter_and_site(app, world)
    emitter.to_board(site, "note", 1)
    Emitter(socketio_of(app), "another-worker").to_board(site, "note", 2)
    assert heard(admin, one) == [[1], []]


def test_a_visitors_room_holds_every_page_of_that_shopper(app, world):
    admin, one, two, two_again, elsewhere = pages(app, world)
    emitter, site = emitter_and_site(app, world)
    emitter.to_visitor(site, "shopper-0002", "note", "hello")
    assert heard(admin, one, two, two_again, elsewhere) == [[], [], ["hello"], ["hello"], []]


def test_many_visitors_are_reached_in_chunks_each_page_once(app, world):
    admin, one, two, two_again, elsewhere = pages(app, world)
    emitter, site = emitter_and_site(app, world)
    emitter.to_visitors(site, ["shopper-0001", "shopper-0002", "shopper-0003"], "note", "hi",
                        chunk=1)
    assert heard(admin, one, two, two_again, elsewhere) == [[], ["hi"], ["hi"], ["hi"], []]


def test_one_socket_is_reached_by_its_sid(app, world):
    admin, one, two, *_ = pages(app, world)
    emitter, site = emitter_and_site(app, world)
    sid = socketio_of(app).server.manager.sid_from_eio_sid(one.sio.eio_sid, one.namespace)
    emitter.to_sid(site, sid, "note", "just you")
    assert heard(admin, one, two) == [[], ["just you"], []]
