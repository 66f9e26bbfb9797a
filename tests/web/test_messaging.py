"""The Messages page of a site: broadcasts from a form (filters, a schedule, cancelling)
and the conversations list; viewers read only; other tenants' sites stay hidden."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitetracker.db import database
from sitetracker.messaging.models import Broadcast

from ..conftest import csrf_of
from ..messaging_world import AdminPage, ShopperPage


@pytest.fixture
def app_clock(clock):
    return clock


def post(client, url, **data):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(url, data=data)


def broadcasts():
    with database.connection_context():
        return list(Broadcast.select().order_by(Broadcast.id))


def test_an_admin_broadcasts_from_the_page_to_the_live_shoppers(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    shopper = ShopperPage(app, world.site_a)
    board = AdminPage(app, world.site_a)
    page = client.get(f"/sites/{world.site_a.public_key}/messages")
    assert page.status_code == 200 and b"Send broadcast" in page.data
    assert b'src="/messages.js"' in page.data

    sent = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts",
                text="Free shipping tonight", when="now", duration="900", device="",
                path="", country="")
    assert sent.status_code == 302
    [row] = broadcasts()
    assert row.created_by == "a@a.test" and row.reached == 1
    assert shopper.received("broadcast")[0]["text"] == "Free shipping tonight"
    assert board.received("broadcast_sent")[0]["text"] == "Free shipping tonight"
    listed = client.get(f"/sites/{world.site_a.public_key}/messages").data
    assert b"Broadcast sent to 1 shopper on the site now" in listed
    assert b"Free shipping tonight" in listed and b"reached 1" in listed


def test_a_scheduled_broadcast_starts_at_a_local_time_of_the_site(client, world, login_as,
                                                                  clock):
    login_as("a@a.test", "admin", organization=world.org_a)
    start = datetime(2026, 3, 10, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    sent = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts",
                text="Evening sale", when="later", starts_at="2026-03-10T18:30",
                duration="3600", device="mobile", path="/sale/*", country="fr")
    assert sent.status_code == 302
    [row] = broadcasts()
    assert row.starts_at == start.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert (row.expires_at - row.starts_at).total_seconds() == 3600
    assert (row.device, row.path_pattern, row.country) == ("mobile", "/sale/*", "FR")
    assert row.sent_at is None
    page = client.get(f"/sites/{world.site_a.public_key}/messages").data
    assert b"scheduled" in page and b"Mar 10, 18:30" in page


@pytest.mark.parametrize("form, field", [
    ({"text": ""}, b"write something first"),
    ({"text": "x" * 501}, b"at most 500 characters"),
    ({"text": "Hi", "country": "France"}, b"a two-letter country code such as FR"),
    ({"text": "Hi", "when": "later", "starts_at": "tomorrow"},
     b"give the date and time to send it"),
    ({"text": "Hi", "duration": "5"}, b"choose how long it shows"),
])
def test_a_bad_broadcast_form_comes_back_with_the_field_named(client, world, login_as, form,
                                                               field):
    login_as("a@a.test", "admin", organization=world.org_a)
    answer = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts",
                  **{"when": "now", "duration": "3600", **form})
    assert answer.status_code == 400 and field in answer.data
    assert broadcasts() == []


def test_an_admin_cancels_a_broadcast_from_the_page(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    shopper = ShopperPage(app, world.site_a)
    post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts", text="Oops",
         when="now", duration="3600")
    [row] = broadcasts()
    answer = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts/{row.id}/cancel")
    assert answer.status_code == 302
    assert broadcasts()[0].cancelled_at is not None
    assert shopper.received("broadcast_end") == [{"id": row.id}]
    missing = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts/999/cancel")
    assert missing.status_code == 302


def test_a_viewer_sees_the_page_but_cannot_send_or_cancel(client, app, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    AdminPage(app, world.site_a).ask("broadcast_send", {"text": "From an admin"})
    page = client.get(f"/sites/{world.site_a.public_key}/messages")
    assert page.status_code == 200
    assert b"From an admin" in page.data and b"Send broadcast" not in page.data
    assert b'data-role="viewer"' in page.data
    refused = post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts",
                   text="No", when="now", duration="3600")
    assert refused.status_code == 403
    [row] = broadcasts()
    assert post(client, f"/sites/{world.site_a.public_key}/messages/broadcasts/{row.id}/cancel"
                ).status_code == 403


def test_the_page_lists_conversations_with_their_last_message(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    shopper = ShopperPage(app, world.site_a)
    AdminPage(app, world.site_a).ask("chat_send", {"ref": shopper.ref, "text": "<b>Hi</b>"})
    page = client.get(f"/sites/{world.site_a.public_key}/messages").data
    assert f'data-chat-ref="{shopper.ref}"'.encode() in page
    assert b"You: &lt;b&gt;Hi&lt;/b&gt;" in page


def test_another_tenants_messages_page_is_hidden(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    assert client.get(f"/sites/{world.site_b.public_key}/messages").status_code == 404
    assert post(client, f"/sites/{world.site_b.public_key}/messages/broadcasts", text="x",
                when="now", duration="3600").status_code == 404


def test_the_page_and_the_dashboard_session_reach_the_admin_socket(client, app, world,
                                                                    login_as):
    from sitetracker.app import socketio_of

    login_as("a@a.test", "admin", organization=world.org_a)
    sio = socketio_of(app).test_client(app, namespace=f"/site/{world.site_a.public_key}",
                                       auth={"admin": True}, flask_test_client=client,
                                       headers={"Origin": "http://localhost"})
    assert sio.is_connected(f"/site/{world.site_a.public_key}")
    shopper = ShopperPage(app, world.site_a)
    ack = sio.emit("chat_send", {"ref": shopper.ref, "text": "Hello"},
                   namespace=f"/site/{world.site_a.public_key}", callback=True)
    assert ack["message"]["author"] == "a@a.test"
    assert shopper.received("message")[0]["from"] == "a"
