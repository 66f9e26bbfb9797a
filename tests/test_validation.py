"""Every edge takes valid text and real numbers only: lone surrogates (``"\\ud800"`` in
JSON, undecodable bytes on a command line), bytes that are not UTF-8 in query strings and
forms, and numbers sent as strings are refused naming the field, and never stored."""

from __future__ import annotations

import json

import pytest

from sitetracker.cli import cli
from sitetracker.commerce.models import AlertRule, PaymentError
from sitetracker.db import database
from sitetracker.models import Site
from sitetracker.validation import invalid_text, undecodable_field

from . import bearers
from .agents import CHROME
from .beacons import live, pageviews
from .bearers import fields_of
from .conftest import csrf_of
from .messaging_world import AdminPage, ShopperPage

LONE = "\ud800"

# An admin's API token (tests/bearers.py), a fixture, by its name.
bearer = bearers.bearer


def post_beacon(client, body):
    """``body`` as JSON text (``json.dumps`` writes a lone surrogate as ``\\ud800``)."""
    return client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})


def send_json(client, method, url, body, headers):
    return client.open(url, method=method, data=json.dumps(body), headers=headers,
                       content_type="application/json")


# -- the shared checks ------------------------------------------------------------------


def test_invalid_text_names_the_nested_field_and_keys_too():
    assert invalid_text({"ev": [{"n": "x"}, {"u": "ok", "p": {"a": LONE}}]}) == "ev.1.p.a"
    assert invalid_text({"p": {LONE: 1}}) is not None
    assert invalid_text({"ev": [{"u": "https://shop/é✓"}]}) is None
    deep: object = "x"
    for _ in range(5000):
        deep = [deep]
    assert invalid_text(deep) is None


def test_undecodable_field_names_the_field_whose_bytes_are_not_utf8():
    assert undecodable_field(b"a=1&name=%ED%A0%80") == "name"
    assert undecodable_field(b"kind=%FF") == "kind"
    assert undecodable_field(b"a=%C3%A9&b=x+y") is None


# -- beacons ----------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_beacon_is_refused_and_flushing_goes_on(app, client, world):
    key = world.site_a.public_key
    response = post_beacon(client, {"k": key, "v": "visitor-0001", "ev": {
        "n": "pageview", "u": "https://shop-a.test/" + LONE}})
    assert "ev.0.u" in fields_of(response)
    assert live(app, world.site_a)["users"] == 0
    ok = post_beacon(client, {"k": key, "v": "visitor-0002", "ev": {
        "n": "pageview", "u": "https://shop-a.test/shoes"}})
    assert ok.status_code == 202
    assert pageviews(app, world.site_a) == 1


@pytest.mark.parametrize(("event", "field"), [
    ({"n": "engage", "e": "5"}, "ev.0.e"),
    ({"n": "engage", "e": True}, "ev.0.e"),
    ({"n": "x", "p": {"label": LONE}}, "ev.0.p.label"),
    ({"n": "x", "p": {LONE: 1}}, "ev.0.p"),
    ({"n": "payment_error", "p": {"code": "card_declined", "message": "No" + LONE}},
     "ev.0.p.message"),
])
def test_beacon_strings_must_be_text_and_numbers_numbers(app, client, world, event, field):
    response = post_beacon(client, {"k": world.site_a.public_key, "v": "visitor-0001",
                                    "ev": event})
    assert any(name.startswith(field) for name in fields_of(response)), response.json
    with database.connection_context():
        assert PaymentError.select().count() == 0


def test_a_string_where_ret_belongs_is_refused(client, world):
    response = post_beacon(client, {"k": world.site_a.public_key, "v": "visitor-0001",
                                    "ret": "1", "ev": {"n": "x"}})
    assert "ret" in fields_of(response)


# -- the JSON API -----------------------------------------------------------------------


def test_site_name_rule_name_and_selector_with_a_lone_surrogate_are_400(
        client, world, bearer):
    key = world.site_a.public_key
    assert "name" in fields_of(send_json(client, "PATCH", f"/api/sites/{key}",
                                         {"name": "Shop" + LONE}, bearer))
    assert "name" in fields_of(send_json(client, "POST", "/api/sites", {
        "name": LONE, "domains": ["x.test"]}, bearer))
    assert "name" in fields_of(send_json(client, "POST", f"/api/sites/{key}/rules", {
        "kind": "purchase_above", "name": "Big" + LONE, "threshold": 100}, bearer))
    assert "selector" in fields_of(send_json(client, "POST", f"/api/sites/{key}/events", {
        "name": "promo_click", "trigger": "click", "selector": "a." + LONE}, bearer))
    with database.connection_context():
        assert Site.get_by_id(world.site_a.id).name == "Shop A"
        assert not AlertRule.select().where(AlertRule.name.contains("Big")).exists()


def test_rule_numbers_sent_as_strings_are_refused(client, world, bearer):
    key = world.site_a.public_key
    assert "threshold" in fields_of(send_json(client, "POST", f"/api/sites/{key}/rules", {
        "kind": "purchase_above", "threshold": "100"}, bearer))
    assert "enabled" in fields_of(send_json(client, "POST", f"/api/sites/{key}/rules", {
        "kind": "purchase_above", "threshold": 100, "enabled": "yes"}, bearer))


def test_board_layout_with_a_lone_surrogate_or_a_string_number_is_refused(
        client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    headers = {"X-CSRF-Token": csrf_of(client)}
    url = f"/api/sites/{world.site_a.public_key}/board"
    tile = {"id": "t1", "type": "visitors", "x": 0, "y": 0, "w": 3, "h": 2}
    assert any(f.startswith("tiles") for f in fields_of(send_json(
        client, "PUT", url, {"tiles": [{**tile, "id": LONE}]}, headers)))
    assert any(f.startswith("tiles") for f in fields_of(send_json(
        client, "PUT", url, {"tiles": [{**tile, "x": "0"}]}, headers)))
    assert client.get(url).get_json()["saved"] is False


# -- the live channel -------------------------------------------------------------------


def test_chat_and_broadcast_text_with_a_lone_surrogate_get_an_error_ack(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    ack = admin.ask("chat_send", {"ref": shopper.ref, "text": "Hi" + LONE})
    assert ack["error"]["status"] == 400 and "text" in ack["error"]["fields"]
    ack = admin.ask("broadcast_send", {"text": "Sale" + LONE})
    assert ack["error"]["status"] == 400 and "text" in ack["error"]["fields"]
    ack = shopper.ask("chat_reply", {"text": LONE})
    assert ack["error"]["status"] == 400 and "text" in ack["error"]["fields"]
    assert shopper.received("message") == [] and shopper.received("broadcast") == []


def test_socket_ids_sent_as_strings_are_refused(app, world):
    admin = AdminPage(app, world.site_a)
    ack = admin.ask("broadcast_cancel", {"id": "1"})
    assert "id" in ack["error"]["fields"]


def test_a_socket_event_with_a_lone_surrogate_gets_an_error_ack(app, world):
    shopper = ShopperPage(app, world.site_a)
    ack = shopper.ask("ev", {"n": "pageview", "u": "https://shop-a.test/" + LONE})
    assert ack["error"]["status"] == 400 and "ev.0.u" in ack["error"]["fields"]


# -- the command line -------------------------------------------------------------------


def test_a_command_line_argument_that_is_not_text_is_refused(runner, app):
    # Undecodable bytes in argv arrive as surrogates (Python's surrogateescape).
    result = runner.invoke(cli, ["sites", "add", "Shop\udcff", "--domain", "x.test"])
    assert result.exit_code == 2
    assert "not valid text" in result.output and "argument 3" in result.output
    result = runner.invoke(cli, ["sites", "add", "Shop", "--domain", "x\udcff.test"])
    assert result.exit_code == 2 and "--domain" in result.output


# -- ids ----------------------------------------------------------------------------------


def test_ids_past_what_the_database_stores_are_refused_in_payloads_and_queries(
        app, client, world, bearer):
    admin = AdminPage(app, world.site_a)
    for event in ("alert_ack", "broadcast_cancel"):
        ack = admin.ask(event, {"id": 2**64})
        assert ack["error"]["status"] == 400 and "id" in ack["error"]["fields"]
    response = client.get(f"/api/sites/{world.site_a.public_key}/alerts?before={2**64}",
                          headers=bearer)
    assert "before" in fields_of(response)
