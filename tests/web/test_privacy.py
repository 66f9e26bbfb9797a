"""The privacy pages: the retention section of the site page and the audit log."""

from __future__ import annotations

from sitetracker import audit
from sitetracker.privacy import retention

from .. import retaining
from ..conftest import csrf_of

# The app on the test's clock, keeping raw events 30 days (tests/retaining.py): fixtures,
# by their names.
app_clock = retaining.app_clock
app_config = retaining.app_config


def test_an_admin_changes_retention_on_the_site_page(app, client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").get_data(as_text=True)
    assert 'id="retention-title"' in page and 'name="payment_errors" type="number"' in page
    url = f"/sites/{world.site_a.public_key}/retention"
    form = {"payment_errors": "30", "chats": "60", "alerts": "90", "raw_events": "",
            "csrf_token": csrf_of(client)}
    assert client.post(url, data=form).status_code == 302
    assert retention.periods(world.site_a.id) == retention.Periods(None, 30, 60, 90)
    bad = client.post(url, data={**form, "chats": "9999"})
    assert bad.status_code == 400
    assert 'id="retention-chats-error"' in bad.get_data(as_text=True)
    assert retention.periods(world.site_a.id).chats == 60


def test_a_viewer_sees_the_periods_without_a_form(app, client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").get_data(as_text=True)
    assert "Retention" in page and 'name="payment_errors"' not in page
    assert "90 days" in page
    response = client.post(f"/sites/{world.site_a.public_key}/retention",
                           data={"chats": "5", "csrf_token": csrf_of(client)})
    assert response.status_code == 403


def test_the_audit_page_shows_owners_what_was_done(app, client, world, login_as):
    login_as("owner@a.test", "owner", organization=world.org_a)
    audit.record("alice@a.test", world.site_a, "rule_deleted", {"name": "<b>Big</b>"})
    page = client.get("/audit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "alice@a.test" in html and "rule_deleted" in html and "Shop A" in html
    assert "<b>Big</b>" not in html  # what admins typed is escaped
    assert 'href="/audit"' in client.get("/").get_data(as_text=True)
