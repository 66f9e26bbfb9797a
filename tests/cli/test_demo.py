"""The demo command's set-up (cli/demo.py)."""

from __future__ import annotations

from typing import Any

import pytest

from sitetracker import db
from sitetracker.auth.passwords import hash_password, verify_password
from sitetracker.cli.demo import ensure_demo
from sitetracker.config import load_settings
from sitetracker.models import Membership, Organization, Site, User
from sitetracker.watch.models import WatchSetting


@pytest.fixture
def demo_settings(app_config: dict[str, Any]) -> Any:
    return load_settings(
        {key: app_config[key] for key in ("data_dir", "database_url", "base_url")}, environ={}
    )


def test_ensure_demo_is_idempotent_and_keeps_its_password(demo_settings, stored):
    first = ensure_demo(demo_settings)
    second = ensure_demo(demo_settings)

    assert second == first
    assert first.url == "http://localhost/"
    assert first.email == "demo@sitetracker.test"
    [org] = stored(Organization)
    [site] = stored(Site)
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (org.name, site.name, site.public_key) == ("Demo Store Group", "Demo Shop",
                                                       first.site_key)
    assert site.domain_list == ["localhost", "127.0.0.1", "demo.sitetracker.test"]
    assert (membership.organization_id, membership.role) == (org.id, "owner")
    assert verify_password(user.password_hash, first.password)
    [watch] = stored(WatchSetting)  # the demo shows the live view and lead-ups
    assert (watch.site_id, watch.live, watch.lead) == (site.id, True, True)


def test_ensure_demo_restores_a_changed_password(demo_settings, stored):
    login = ensure_demo(demo_settings)
    with db.database.connection_context():
        User.update(password_hash=hash_password("changed in the web")).execute()

    assert ensure_demo(demo_settings).password == login.password
    [user] = stored(User)
    assert verify_password(user.password_hash, login.password)
