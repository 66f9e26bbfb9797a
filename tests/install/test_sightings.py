"""Install detection's sightings: what of a store's installation was seen and from which
page, noted at most once a minute; the latest refused domains kept. The panel on the
site page is tests/web/test_install_panel.py's, verify mode test_verify.py's."""

from __future__ import annotations

from sitetracker.app import socketio_of
from sitetracker.db import database
from sitetracker.install.models import InstallSighting, RefusedOrigin
from sitetracker.install.sightings import REFUSALS_KEPT, Sightings
from sitetracker.storage.failures import StorageUnavailable
from sitetracker.storage.writes import WritePath

from ..agents import DESKTOP_UA
from ..beacons import SHOPPER


def beacon(client, key: str, origin: str, **extra):
    body = {"k": key, **SHOPPER, "ev": [{"n": "pageview", "u": f"{origin}/shoes"}], **extra}
    return client.post("/api/collect", json=body,
                       headers={"Origin": origin, "User-Agent": DESKTOP_UA})


def verifying(app, client, world, login_as, code_site: int):
    """Shop A's owner on its admin socket, and a verify code started for ``code_site``."""
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    code = app.extensions["sitetracker"].install.verifier.start(code_site)
    admin = socketio_of(app).test_client(app, namespace=f"/site/{key}", auth={"admin": True},
                                         flask_test_client=client)
    admin.get_received(f"/site/{key}")
    return admin, code


def messages(admin, key: str) -> list[dict]:
    return [m["args"][0] for m in admin.get_received(f"/site/{key}") if m["name"] == "verify"]


def tick(app):
    return app.extensions["sitetracker"].install.sightings.flush(0)


def test_the_widget_is_seen_from_its_page_once_a_beacon_is_kept(app, client, world, login_as):
    assert beacon(client, world.site_a.public_key, "https://shop-a.test").status_code == 202
    tick(app)
    with database.connection_context():
        row = InstallSighting.get(InstallSighting.site == world.site_a.id)
    assert (row.kind, row.first_page) == ("widget", "shop-a.test/shoes")
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").data.decode()
    assert "shop-a.test/shoes" in page and page.count("not detected yet") == 1


def test_sightings_are_noted_at_most_once_a_minute(app, world):
    sightings = Sightings(WritePath())
    sightings.seen(world.site_a.id, "widget", "shop-a.test/", 1000.0)
    sightings.seen(world.site_a.id, "widget", "shop-a.test/later", 1030.0)
    assert sightings.pending_seen(world.site_a.id) == {"widget": ("shop-a.test/", 1000.0)}
    sightings.flush(1030.0)
    sightings.seen(world.site_a.id, "widget", "shop-a.test/next", 1061.0)
    assert sightings.pending_seen(world.site_a.id) == {"widget": ("shop-a.test/next", 1061.0)}


def test_each_site_keeps_only_its_latest_refused_origins(app, world):
    sightings = Sightings(WritePath())
    for n in range(REFUSALS_KEPT + 5):
        sightings.refused(world.site_a.id, f"https://o{n}.test", 1000.0 + n)
        sightings.flush(0)
    with database.connection_context():
        kept = [r.origin for r in RefusedOrigin.select().order_by(RefusedOrigin.last_at)]
    assert len(kept) == REFUSALS_KEPT and kept[-1] == f"https://o{REFUSALS_KEPT + 4}.test"


def test_notes_the_database_refuses_wait_for_the_next_flush(app, world):
    class Away(WritePath):
        def commit(self, writes):
            raise StorageUnavailable("the database is away")

    sightings = Sightings(Away())
    sightings.seen(world.site_a.id, "overlay", "shop-a.test/admin", 1000.0)
    sightings.flush(1000.0)
    assert sightings.pending_seen(world.site_a.id) == {"overlay": ("shop-a.test/admin", 1000.0)}
    sightings.write_path = WritePath()
    sightings.flush(1001.0)
    assert sightings.pending_seen(world.site_a.id) == {}
    with database.connection_context():
        assert InstallSighting.get(InstallSighting.site == world.site_a.id).kind == "overlay"


def test_an_overlay_with_its_token_is_seen_from_its_admin_page(app, client, world):
    from sitetracker.auth.tokens import mint_admin_token

    key = world.site_a.public_key
    token = mint_admin_token(world.site_a.secret, key, sub="staff", role="admin")
    socketio_of(app).test_client(app, namespace=f"/site/{key}", auth={"token": token},
                                 headers={"Referer": "https://shop-a.test/wp-admin/"},
                                 flask_test_client=client)
    seen = app.extensions["sitetracker"].install.sightings.pending_seen(world.site_a.id)
    assert seen["overlay"][0] == "shop-a.test/wp-admin/"
