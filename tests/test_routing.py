"""Ids out of range are 404 on every route that takes one, pages and API alike."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from .conftest import csrf_of

OUT_OF_RANGE = [str(2**63), str(2**64 + 5), "9" * 40, "-1", "abc", "1.5"]


def id_routes(app):
    """Every (method, rule) whose URL takes an ``<int:...>``."""
    found = []
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method, rule))
    return found


def test_every_route_with_an_id_is_found(app):
    rules = {rule.rule for _, rule in id_routes(app)}
    assert "/api/sites/<key>/rules/<int:rule_id>" in rules
    assert "/users/<int:membership_id>/role" in rules
    assert len(rules) >= 12


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_ids_out_of_range_are_404_everywhere(app, client, world, login_as, value):
    login_as("o@a.test", "owner", organization=world.org_a)
    headers = {"X-CSRF-Token": csrf_of(client)}
    for method, rule in id_routes(app):
        url = rule.rule.replace("<key>", world.site_a.public_key)
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", value)
        response = client.open(url, method=method, headers=headers, json={},
                               data=None if method in ("GET", "DELETE") else None)
        assert response.status_code == 404, (method, url, response.status_code)
        if url.startswith("/api/"):
            assert response.get_json()["error"]["status"] == 404


def test_the_largest_id_is_a_plain_not_found(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    url = f"/api/sites/{world.site_a.public_key}/rules/{2**63 - 1}"
    response = client.delete(url, headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no such rule"


@pytest.mark.parametrize("limit", [0, 7, 10, 99, 100, 305, 2**63 - 1])
def test_at_most_matches_exactly_the_numbers_up_to_the_limit(limit):
    import re

    from sitetracker.routing import at_most

    pattern = re.compile(at_most(limit))
    probes = {0, 1, 9, 10, 11, 99, 100, 101, limit - 1, limit, limit + 1, limit * 10,
              limit + 10**6}
    for n in probes:
        if n >= 0:
            assert bool(pattern.fullmatch(str(n))) == (n <= limit), n
