"""The board's pages: one site's board and the overview of every visible site."""

from __future__ import annotations

from ..conftest import csrf_of


def test_the_board_page_carries_the_csrf_token_and_scripts(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<meta name="csrf-token" content="{csrf_of(client)}">' in html
    assert 'src="/board.js"' in html and 'data-theme="dark"' in html
    assert f'data-site="{world.site_a.public_key}"' in html
    assert f'href="/sites/{world.site_a.public_key}"' in html  # Settings
    # Only our own scripts run; inline styles are allowed for the live view's replayer,
    # whose frame shows the shopper's page with its styles (headers.REPLAYER_POLICY).
    directives = dict(part.strip().split(" ", 1) for part in
                      page.headers["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"


def test_the_overview_lists_exactly_the_visible_sites(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get("/overview").get_data(as_text=True)
    assert html.count('class="overview-card"') == 2
    for site in (world.site_a, world.site_a2):
        assert f'data-site="{site.public_key}"' in html
    assert world.site_b.public_key not in html
