"""Every error of an ``/api`` route, raised or aborted, is answered in the one shape:
``{"error": {"status", "message", "fields"?}}``."""

from __future__ import annotations

import pytest
from flask import abort
from marshmallow import ValidationError

from sitetracker.api.errors import ApiError, field_from_description
from sitetracker.conflict import Conflict


@pytest.fixture
def failing(app):
    """Routes of the API's blueprint that fail each way a route may."""

    def api_error():
        raise ApiError(429, "slow down", {"ev": "too many"}, retry_after=2.4)

    def conflict():
        raise Conflict("name", "that name is taken")

    def invalid():
        raise ValidationError({"name": ["too long"], "steps": {"0": ["unknown"]}})

    def aborted():
        abort(400, description="minutes: at most 1440")

    def plain_abort():
        abort(403)

    for name, view in (("api_error", api_error), ("conflict", conflict),
                       ("invalid", invalid), ("aborted", aborted),
                       ("plain_abort", plain_abort)):
        app.add_url_rule(f"/api/failing/{name}", f"api.failing_{name}", view)
    return app.test_client()


def test_an_api_error_keeps_its_status_fields_and_retry_after(failing):
    response = failing.get("/api/failing/api_error")
    assert response.status_code == 429 and response.mimetype == "application/json"
    assert response.json == {"error": {"status": 429, "message": "slow down",
                                       "fields": {"ev": "too many"}}}
    assert response.headers["Retry-After"] == "2"


def test_a_conflict_is_409_naming_its_field(failing):
    response = failing.get("/api/failing/conflict")
    assert response.status_code == 409
    assert response.json["error"] == {"status": 409, "message": "that name is taken",
                                      "fields": {"name": "that name is taken"}}


def test_invalid_input_is_400_with_each_fields_first_error(failing):
    response = failing.get("/api/failing/invalid")
    assert response.status_code == 400
    assert response.json["error"]["message"] == "invalid input"
    assert response.json["error"]["fields"]["name"] == "too long"
    assert "steps.0" in response.json["error"]["fields"]


def test_an_abort_naming_a_field_names_it_and_a_plain_one_names_none(failing):
    named = failing.get("/api/failing/aborted")
    assert named.status_code == 400
    assert named.json["error"] == {"status": 400, "message": "minutes: at most 1440",
                                   "fields": {"minutes": "at most 1440"}}
    plain = failing.get("/api/failing/plain_abort")
    assert plain.status_code == 403 and "fields" not in plain.json["error"]
    assert plain.json["error"]["status"] == 403 and plain.json["error"]["message"]


def test_a_signed_out_request_is_401_in_the_same_shape(client, world):
    response = client.get(f"/api/sites/{world.site_a.public_key}/board")
    assert response.status_code == 401
    assert response.json["error"]["status"] == 401


@pytest.mark.parametrize(("description", "fields"), [
    ("minutes: at most 1440", {"minutes": "at most 1440"}),
    ("csrf_token: missing or invalid", {"csrf_token": "missing or invalid"}),
    ("The method is not allowed for the requested URL.", None),
    ("two words: are not a field", None),
    ("no separator here", None),
])
def test_a_description_names_a_field_only_as_name_colon_message(description, fields):
    assert field_from_description(description) == fields
