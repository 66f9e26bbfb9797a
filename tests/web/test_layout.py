"""What every page shows around its content: the top bar, the error pages, and the
time filters."""

from __future__ import annotations

from datetime import datetime

from sitetracker import tenancy
from sitetracker.db import database

from ..conftest import csrf_of


def test_top_bar_shows_email_links_and_sign_out(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    html = client.get("/account").data
    for part in (b"SiteTracker", b'href="/"', b'href="/users"', b'href="/account"',
                 b"o@a.test", b'action="/logout"'):
        assert part in html


def test_top_bar_hides_the_users_link_from_who_manages_nobody(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    assert b'href="/users"' not in client.get("/").data


def test_unknown_page_in_the_admin_is_a_404_page(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.get("/sites/nope")
    assert response.status_code == 404
    assert b"Not Found" in response.data


def test_times_are_shown_in_utc_to_the_minute_or_second(app):
    when, unix_when = app.jinja_env.filters["when"], app.jinja_env.filters["unix_when"]
    assert when(datetime(2025, 1, 31, 14, 5, 9)) == "2025-01-31 14:05 UTC"
    assert when(None) == "—"
    assert unix_when(1738332309.0) == "2025-01-31 14:05:09 UTC"
    assert unix_when(None) == "—"
    assert unix_when(0) == "1970-01-01 00:00:00 UTC"


def test_the_site_switcher_groups_sites_by_organization_name(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        tenancy.add_member("o@a.test", "viewer", site=world.site_b)
    html = client.get("/account").get_data(as_text=True)
    # "Agency A" before "Store B", each with its sites.
    assert html.index("Agency A") < html.index("Store B")
    assert html.index("Shop A2") < html.index("Store B") < html.index("Shop B")


def test_a_forbidden_page_is_a_page_in_the_layout_with_the_reason(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    response = client.post(f"/sites/{world.site_a.public_key}/verify",
                           data={"csrf_token": csrf_of(client)})
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert b'action="/logout"' in response.data  # the top bar is there
