"""A site's reports page: the period it opens on, and whether funnels may be edited."""

from __future__ import annotations

import pytest


def page_of(client, world, query: str = "") -> str:
    response = client.get(f"/sites/{world.site_a.public_key}/reports{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "chosen"), [
    ("", "7d"), ("?range=30d", "30d"), ("?range=month", "month"), ("?range=week", "7d"),
    ("?range=custom", "7d"), ("?from=2026-03-02&to=2026-03-08", "custom"),
    ("?from=2026-03-02", "7d"), ("?from=March&to=2026-03-08", "7d"),
])
def test_the_page_opens_on_the_period_asked_for(client, world, login_as, query, chosen):
    login_as("v@a.test", "viewer", organization=world.org_a)
    periods = page_of(client, world, query).split('id="range"')[1].split("</select>")[0]
    assert f'<option value="{chosen}" selected>' in periods
    assert periods.count(" selected>") == 1


def test_a_custom_range_fills_in_its_days_and_drops_what_is_not_a_day(client, world,
                                                                      login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = page_of(client, world, "?from=2026-03-02&to=2026-03-08")
    assert 'name="from" value="2026-03-02"' in html and 'name="to" value="2026-03-08"' in html
    odd = page_of(client, world, "?from=<b>&to=2026-03-08")
    assert 'name="from" value=""' in odd and "<b>" not in odd


def test_admins_edit_funnels_from_the_page_and_viewers_do_not(client, world, login_as,
                                                              make_user):
    login_as("v@a.test", "viewer", organization=world.org_a)
    assert 'data-can-edit="1"' not in page_of(client, world)
    login_as("a@a.test", "admin", organization=world.org_a)
    html = page_of(client, world)
    assert 'data-can-edit="1"' in html
    assert f'data-site="{world.site_a.public_key}"' in html


def test_signed_out_and_other_organizations_do_not_see_the_page(client, world, login_as):
    url = f"/sites/{world.site_a.public_key}/reports"
    assert client.get(url).status_code == 302
    login_as("o@b.test", "owner", organization=world.org_b)
    assert client.get(url).status_code == 404
