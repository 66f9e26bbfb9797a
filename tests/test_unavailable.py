"""While the database does not answer, requests get 503 with Retry-After (the API's JSON
error shape, or an error page), never a 500."""

from __future__ import annotations

from peewee import OperationalError

from sitetracker.db import database


def unreachable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("(2003, \"Can't connect to MySQL server on '127.0.0.1'\")")

    monkeypatch.setattr(database.obj, "execute_sql", refuse)


def test_the_api_answers_503_in_its_error_shape(client, monkeypatch):
    unreachable(monkeypatch)
    response = client.get("/api/sites", headers={"Authorization": "Bearer st_" + "x" * 40})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["error"]["status"] == 503


def test_pages_answer_503_with_a_page_saying_so(client, world, login_as, monkeypatch):
    login_as("owner@a.test", "owner", organization=world.org_a)
    unreachable(monkeypatch)
    response = client.get("/")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert b"database" in response.data
