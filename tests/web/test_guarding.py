"""The pages' handle on the live channel's guard: each app's own."""

from __future__ import annotations

from sitetracker import create_app
from sitetracker.live.guard import AdminGuard
from sitetracker.web.guarding import guard


def test_the_pages_reach_their_apps_guard(app, app_config, tmp_path):
    with app.app_context():
        mine = guard()
    assert isinstance(mine, AdminGuard)
    assert mine is app.extensions["sitetracker"].guard
    other = create_app({**app_config, "data_dir": str(tmp_path / "other")})
    with other.app_context():
        assert guard() is other.extensions["sitetracker"].guard
        assert guard() is not mine


def test_with_no_admin_socket_open_nobody_is_ended(app, world, make_user):
    user = make_user("a@a.test", "admin", organization=world.org_a)
    with app.app_context():
        assert guard().end_user(user.id) == 0
