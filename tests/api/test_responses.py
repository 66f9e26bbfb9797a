"""The documented shapes of the API's answers hold the real answers, and refuse an
answer missing a key they require."""

from __future__ import annotations

import pytest

from sitetracker.api import responses

from ..reading import token_headers


@pytest.fixture
def app_clock(clock):
    return clock


@pytest.mark.parametrize(("what", "shape"), [
    ("", responses.SiteOut),
    ("/board", responses.Board),
    ("/history", responses.History),
    ("/rules", responses.Rules),
    ("/events", responses.EventDefinitions),
    ("/alerts", responses.Alerts),
    ("/payment-errors", responses.PaymentErrors),
    ("/retention", responses.RetentionPeriods),
    ("/funnels", responses.Funnels),
    ("/funnel", responses.Funnel),
    ("/reports", responses.Report),
    ("/vitals", responses.Vitals),
    ("/catalog", responses.Catalog),
])
def test_a_sites_answers_have_their_documented_shape(client, world, make_user, what, shape):
    headers = token_headers(make_user, world)
    response = client.get(f"/api/sites/{world.site_a.public_key}{what}", headers=headers)
    assert response.status_code == 200, response.json
    assert shape().validate(response.json) == {}


def test_the_lists_of_sites_and_the_person_have_their_documented_shape(client, world,
                                                                       make_user):
    headers = token_headers(make_user, world)
    assert responses.Sites().validate(client.get("/api/sites", headers=headers).json) == {}
    assert responses.Me().validate(client.get("/api/me", headers=headers).json) == {}


def test_an_error_answer_has_the_one_error_shape(client, world):
    response = client.get(f"/api/sites/{world.site_a.public_key}/board")
    assert response.status_code == 401
    assert responses.Error().validate(response.json) == {}


def test_a_shape_refuses_an_answer_without_a_required_key_and_keeps_extra_keys():
    body = {"raw_events": None, "payment_errors": 90, "chats": 180, "alerts": 365,
            "raw_events_ceiling": 30}
    assert responses.RetentionPeriods().load(body) == body
    missing = responses.RetentionPeriods().validate({"payment_errors": 90})
    assert set(missing) == {"raw_events", "chats", "alerts"}
    named = responses.Error().load({"error": {"status": 400, "message": "m",
                                              "fields": {"name": "required"}}})
    assert named["error"]["named"] == {"name": "required"}
