"""Security headers on every answer, errors included; no caching of what a signed-in
person or an API token reads; HSTS behind https; CSRF checked only once a route matched."""

from __future__ import annotations

import json

import pytest

from sitetracker import create_app
from sitetracker.headers import HTML_POLICY, OTHER_POLICY

from . import bearers
from .agents import CHROME
from .conftest import csrf_of

# An admin's API token (tests/bearers.py), a fixture, by its name.
bearer = bearers.bearer


def assert_protected(response, policy):
    assert response.headers["Content-Security-Policy"] == policy
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_an_unknown_page_is_the_error_page_with_every_header(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert_protected(response, HTML_POLICY)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/nope", 404),
    ("POST", "/api/nope", 404),
    ("DELETE", "/api/sites", 405),
    ("PUT", "/api/collect", 405),
])
def test_an_unknown_api_route_is_a_json_error_even_with_a_session_and_no_csrf_token(
        client, world, login_as, method, path, status):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.open(path, method=method)  # no X-CSRF-Token
    assert response.status_code == status
    assert response.get_json()["error"]["status"] == status
    assert_protected(response, OTHER_POLICY)


def test_authenticated_json_and_the_site_secret_are_never_cached(client, world, bearer):
    key = world.site_a.public_key
    for response in (client.get("/api/sites", headers=bearer),
                     client.post(f"/api/sites/{key}/rotate-secret", headers=bearer),
                     client.get(f"/api/sites/{key}/funnel.csv", headers=bearer),
                     client.get(f"/api/sites/{key}/rules/1", headers=bearer)):
        assert response.headers["Cache-Control"] == "no-store", response.request.path
        assert_protected(response, OTHER_POLICY)
    assert "secret" in client.post(f"/api/sites/{key}/rotate-secret", headers=bearer).json


def test_json_errors_carry_the_headers(client):
    response = client.get("/api/sites")
    assert response.status_code == 401
    assert_protected(response, OTHER_POLICY)


def test_beacons_keep_their_cors_answer_and_get_the_headers(client, world):
    body = json.dumps({"k": world.site_a.public_key, "v": "visitor-0001",
                       "ev": {"n": "pageview", "u": "https://shop-a.test/"}})
    response = client.post("/api/collect", data=body, headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})
    assert response.status_code == 202
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop-a.test"
    assert_protected(response, OTHER_POLICY)
    assert "Cache-Control" not in response.headers


def test_no_hsts_over_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_the_base_url_is_https(app_config):
    app = create_app({**app_config, "base_url": "https://track.example.com"})
    client = app.test_client()
    for path in ("/login", "/api/nope", "/healthz"):
        assert client.get(path).headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_page_form_post_with_a_session_and_no_token_on_no_route_is_404(
        client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.post("/sites/nope/nothing", data={"a": "b"})
    assert response.status_code == 404
    assert csrf_of(client)  # the session is intact
