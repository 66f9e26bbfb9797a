"""The OpenAPI document is generated from the real routes and schemas: every /api route
is in it with its status codes and answer shapes, and a route without documentation is
found."""

from __future__ import annotations

from sitetracker.api.openapi import api_rules, undocumented


def test_every_api_route_is_documented(app):
    assert undocumented(app) == [], (
        "document these routes with sitetracker.api.docs.doc(...)")


def test_every_route_and_method_is_in_the_document(app, client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for rule, method in api_rules(app):
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", "{" + name + "}").replace(
                f"<{name}>", "{" + name + "}")
        assert method.lower() in paths[path], (method, path)
    for path in ("/api/me", "/api/sites/{key}/board", "/api/sites/{key}/history",
                 "/api/adapters/shopify/{key}/webhook", "/api/openapi.json"):
        assert path in paths


def test_operations_name_their_status_codes_and_shapes(client):
    doc = client.get("/api/openapi.json").get_json()
    site = doc["paths"]["/api/sites/{key}"]["get"]
    assert {"200", "400", "401", "404"} <= set(site["responses"])
    shape = site["responses"]["200"]["content"]["application/json"]["schema"]
    assert shape == {"$ref": "#/components/schemas/SiteOut"}
    assert "secret" in doc["components"]["schemas"]["SiteOut"]["properties"]
    collect = doc["paths"]["/api/collect"]["post"]
    assert {"202", "400", "403", "404", "413", "429"} <= set(collect["responses"])
    assert "security" not in collect
    rule = doc["paths"]["/api/sites/{key}/rules/{rule_id}"]["delete"]["responses"]
    assert "204" in rule and "content" not in rule["204"]
    assert doc["paths"]["/api/sites/{key}/alerts/{alert_id}/ack"]["post"]["parameters"][1][
        "schema"] == {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}
    error = doc["components"]["schemas"]["Error"]["properties"]["error"]
    assert error == {"$ref": "#/components/schemas/ErrorBody"}


def test_the_report_documents_its_screen_sizes_and_the_beacon_its_page_width(client):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert "screens" in schemas["Audience"]["required"]
    assert "desktop" in schemas["Audience"]["properties"]["screens"]["description"]
    assert schemas["Report"]["properties"]["audience"] == {
        "$ref": "#/components/schemas/Audience"}
    assert schemas["Beacon"]["properties"]["w"]["maximum"] == 20000


def test_a_new_route_without_documentation_is_found(app):
    app.add_url_rule("/api/sites/<key>/extra", "api.extra", lambda key: {}, methods=["POST"])
    assert undocumented(app) == ["POST /api/sites/<key>/extra"]
    assert "/api/sites/{key}/extra" in app.test_client().get("/api/openapi.json").json["paths"]
