from __future__ import annotations


def test_healthz_reports_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert {k: response.json[k] for k in ("status", "database")} == {
        "status": "ok", "database": "ok"}
    assert response.json["limits"]["refused"] == {"sockets": 0, "collect": 0}


def test_healthz_reports_unreachable_database_with_503(client, monkeypatch):
    from sitetracker import health

    monkeypatch.setattr(health, "is_reachable", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
