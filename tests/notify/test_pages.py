"""The notification settings pages: a site's endpoints (validated, secrets never shown
back in full, a test button, the delivery log) and a person's mail and quiet hours."""

from __future__ import annotations

import pytest

from sitetracker.notify.models import Endpoint, MailChoice, QuietHours

from .. import notifying
from ..conftest import csrf_of
from ..notifying import (
    add_endpoint,
    notify_of,
)
from ..shopping import stored

# The notification fixtures (tests/notifying.py), by their names.
app_clock, hooks = (notifying.app_clock, notifying.hooks)


def page(world):
    return f"/sites/{world.site_a.public_key}/notifications"


def post(client, path, data):
    return client.post(path, data={"csrf_token": csrf_of(client), **data})


def test_an_admin_adds_a_signed_webhook_and_its_secret_is_shown_once(
        client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, page(world) + "/endpoints", {
        "kind": "webhook", "name": "Ops", "url": "https://hooks.example.com/in/abcd1234",
        "rules": "all", "sales": "on"})
    assert response.status_code == 302
    [endpoint] = stored(Endpoint)
    assert endpoint.rules == "all" and endpoint.sales and len(endpoint.secret) >= 40
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert endpoint.secret in shown  # the flash, this once
    again = client.get(page(world)).get_data(as_text=True)
    assert endpoint.secret not in again and f"…{endpoint.secret[-4:]}" in again
    assert "abcd1234" not in again and "https://hooks.example.com/…1234" in again


@pytest.mark.parametrize("url, message", [
    ("ftp://files.example.com/x", "an http:// or https:// address"),
    ("javascript:alert(1)", "an http:// or https:// address"),
    ("https://example.com/" + "a" * 500, "at most 500 characters"),
])
def test_an_address_that_is_not_http_or_too_long_is_refused_beside_the_field(
        client, world, login_as, url, message):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, page(world) + "/endpoints",
                    {"kind": "slack", "name": "x", "url": url})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert stored(Endpoint) == []


def test_without_the_csrf_token_nothing_is_added(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = client.post(page(world) + "/endpoints", data={
        "kind": "slack", "name": "x", "url": "https://hooks.slack.com/services/x"})
    assert response.status_code == 400 and stored(Endpoint) == []


def test_the_test_button_queues_a_delivery_the_log_then_shows(
        app, client, world, login_as, hooks):
    login_as("a@a.test", "admin", organization=world.org_a)
    endpoint = add_endpoint(world.site_a, "teams", hooks.url("/teams"))
    assert post(client, f"{page(world)}/endpoints/{endpoint.id}/test", {}).status_code == 302
    notify_of(app).sender.run_once()
    [request] = hooks.to("/teams")
    assert request.json()["attachments"][0]["content"]["body"][0]["text"] == (
        "Info: Test notification from SiteTracker")
    html = client.get(page(world)).get_data(as_text=True)
    assert "Test notification" in html and "<strong>200</strong>" in html
    assert 'class="badge delivery-sent"' in html


def test_viewers_read_the_page_but_change_nothing(client, world, login_as, hooks):
    endpoint = add_endpoint(world.site_a, "slack", hooks.url("/slack"))
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get(page(world)).get_data(as_text=True)
    assert "slack test" in html and "Add an endpoint" not in html
    assert post(client, f"{page(world)}/endpoints/{endpoint.id}/delete", {}).status_code == 403
    assert len(stored(Endpoint)) == 1


def test_another_organization_gets_404(client, world, login_as):
    login_as("o@b.test", "owner", organization=world.org_b)
    assert client.get(page(world)).status_code == 404


def test_a_person_chooses_rules_sales_and_quiet_hours_for_their_sites(
        client, world, login_as):
    from sitetracker.commerce.models import AlertRule

    user = login_as("a@a.test", "admin", organization=world.org_a)
    [rule] = stored(AlertRule, AlertRule.site == world.site_a.id)
    response = post(client, "/account/notifications", {
        "timezone": "Europe/Paris", "quiet_start": "22:00", "quiet_end": "07:30",
        f"rules-{world.site_a.id}": str(rule.id), f"sales-{world.site_a2.id}": "on"})
    assert response.status_code == 302
    [hours] = stored(QuietHours)
    assert (hours.user_id, hours.timezone, hours.start, hours.end, hours.emergencies) == (
        user.id, "Europe/Paris", 22 * 60, 7 * 60 + 30, False)
    choices = {c.site_id: (c.rules, c.sales) for c in stored(MailChoice)}
    assert choices == {world.site_a.id: (str(rule.id), False),
                       world.site_a2.id: ("", True)}
    html = client.get("/account/notifications").get_data(as_text=True)
    assert 'value="22:00"' in html and 'value="07:30"' in html
    assert world.site_b.name not in html  # not theirs


def test_a_time_that_is_not_one_is_refused(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, "/account/notifications", {
        "timezone": "Europe/Paris", "quiet_start": "25:00", "quiet_end": "07:00"})
    assert response.status_code == 400
    assert "a time such as 22:00" in response.get_data(as_text=True)
    assert stored(QuietHours) == []
