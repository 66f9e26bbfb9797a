from __future__ import annotations


def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert {k: response.json[k] for k in ("status", "database")} == {
        "status": "ok", "database": "ok"}
    assert response.json["limits"]["refused"] == {"sockets": 0, "collect": 0, "logins": 0}


def test_healthz_reports_unreachable_database_with_503(client, monkeypatch):
    from sitetracker import health

    monkeypatch.setattr(health, "is_reachable", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_healthz_writes_so_a_read_only_database_shows(client, monkeypatch):
    from .refusing import refusing_writes

    with refusing_writes(monkeypatch):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "read-only"
    assert response.json["problems"] == ["database: read-only"]
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_when_the_database_does_not(client, monkeypatch):
    import threading

    from sitetracker import health

    release = threading.Event()
    monkeypatch.setattr(health, "probe_database", lambda worker: release.wait(60) and "ok")
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json["database"] == "not answering"
    finally:
        release.set()


def test_healthz_names_a_journal_backlog_and_rows_set_aside(app, client, monkeypatch):
    from datetime import date

    from .refusing import refusing_writes

    tracking = app.extensions["sitetracker"]
    tracking.buffer.count(1, date(2026, 3, 10), "pageviews")
    with refusing_writes(monkeypatch):
        tracking.buffer.flush()
    tracking.rejects.set_aside("counts", {"key": "/x"}, ValueError("bad text"))

    body = client.get("/healthz").json

    assert body["journal"]["entries"] == 1 and body["journal"]["oldest_age"] >= 0
    assert body["rejected"] == {"count": 1, "last": "counts: ValueError: bad text"}
    assert any(p.startswith("journal: 1 batches") for p in body["problems"])


def test_healthz_reports_redis_down(app_config, monkeypatch):
    from sitetracker import create_app

    app = create_app({**app_config, "redis_url": "redis://127.0.0.1:1/0"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["redis"] == "down"
    assert response.json["database"] == "ok"


def sites_page(client) -> bytes:
    response = client.get("/")
    assert response.status_code == 200
    return bytes(response.data)


def test_admin_pages_and_the_board_say_when_data_is_not_being_saved(
        app, client, world, login_as, monkeypatch):
    from .refusing import refusing_writes
    from .shopping import Shopper

    login_as("owner@a.test", "owner", organization=world.org_a)
    assert b"Data is not being saved" not in sites_page(client)
    with refusing_writes(monkeypatch):
        Shopper(app, world.site_a).beacon({"n": "purchase", "p": {"order_id": "1"}})
    page = sites_page(client)
    assert b"Data is not being saved: database is read-only" in page
    tracking = app.extensions["sitetracker"]
    snapshot = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))
    assert snapshot["storage"]["saving"] is False

    client.get("/healthz")  # a write that commits: saving again
    assert b"Data is not being saved" not in sites_page(client)
    snapshot = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))
    assert snapshot["storage"] == {"saving": True, "message": None}


def test_the_background_probe_notices_an_outage_and_its_end(app, monkeypatch):
    from .refusing import refusing_writes

    tracking = app.extensions["sitetracker"]
    health = app.extensions["sitetracker.health"]
    with refusing_writes(monkeypatch):
        health.tick(0.0)
    assert tracking.storage.problem().reason == "database read-only"
    health._probed = 0.0  # the next turn
    health.tick(0.0)
    assert tracking.storage.problem() is None


def test_two_probes_in_the_same_second_both_commit(app):
    from sitetracker.health import probe_database

    assert [probe_database("worker-1"), probe_database("worker-1")] == ["ok", "ok"]
