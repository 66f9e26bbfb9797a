"""The JSON API is one blueprint under ``/api``, with the routes of every module of it."""

from __future__ import annotations

MODULES = ("alerts", "board", "collect", "commerce", "funnels", "live", "openapi",
           "overview", "privacy", "reports", "sites", "vitals", "webhooks")


def api_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]


def test_every_route_of_the_blueprint_is_under_api(app):
    rules = api_rules(app)
    assert rules
    assert all(rule.rule.startswith("/api/") for rule in rules)


def test_every_module_of_the_api_has_its_routes_registered(app):
    modules = {app.view_functions[rule.endpoint].__module__ for rule in api_rules(app)}
    assert {f"sitetracker.api.{name}" for name in MODULES} <= modules

