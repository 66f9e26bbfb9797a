"""The one shape of every error answer (error_shape.py)."""

from __future__ import annotations

from sitetracker.error_shape import error_body


def test_an_error_has_its_status_and_message():
    assert error_body(404, "not found") == {"error": {"status": 404, "message": "not found"}}


def test_fields_at_fault_and_when_to_retry_are_there_only_when_given():
    assert error_body(400, "invalid input", {"domains": "'x y' is not a domain name"}) == {
        "error": {"status": 400, "message": "invalid input",
                  "fields": {"domains": "'x y' is not a domain name"}}}
    assert error_body(503, "storage is away", retry_after=5.0) == {
        "error": {"status": 503, "message": "storage is away", "retry_after": 5.0}}
    assert error_body(503, "now", {}, retry_after=0) == {
        "error": {"status": 503, "message": "now", "retry_after": 0}}


def test_an_api_error_is_answered_in_that_shape(client):
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert set(response.get_json()) == {"error"}
    assert response.get_json()["error"]["status"] == 404
