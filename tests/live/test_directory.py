"""What the live channel knows of a site, and how it names it (live/directory.py)."""

from __future__ import annotations

import pytest

from sitetracker.live.directory import secret_stamp, site_key_of


def test_a_sites_namespace_names_its_key():
    assert site_key_of("/site/abc123") == "abc123"
    assert site_key_of("/site/" + "a" * 32) == "a" * 32


@pytest.mark.parametrize("namespace", [
    "/site/", "/site/" + "a" * 33, "/site/ab-c", "/site/ab/c", "/admin/abc", "/", "site/abc",
])
def test_any_other_namespace_names_no_site(namespace):
    assert site_key_of(namespace) is None


def test_a_secrets_stamp_is_short_stable_and_tells_a_rotation():
    stamp = secret_stamp("old secret")
    assert stamp == secret_stamp("old secret") and len(stamp) == 16
    assert stamp != secret_stamp("new secret")
    assert "old secret" not in stamp
