"""The WooCommerce plugin, checked against the server: its PHP test runner passes, the
admin tokens it mints verify, the signed events it sends are accepted and counted by the
real /api/collect, and the storefront script it prints sends valid events.

PHP runs the plugin with tiny WordPress stubs (platform-adapters/woocommerce/tests/).
Without ``php`` these tests skip, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from typing import Any

import pytest

from sitetracker.auth.tokens import TokenError, verify_admin_token
from sitetracker.db import database
from sitetracker.models import DailyCount

from ..paths import ROOT
from ..reading import token_headers

TESTS = ROOT / "platform-adapters" / "woocommerce" / "tests"
RUNNER = TESTS / "run.php"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")


def tool_or_skip(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI for the WooCommerce plugin's tests")
        pytest.skip(f"{name} is not installed")
    return path


def php(*args: str, stdin: str | None = None) -> str:
    result = subprocess.run([tool_or_skip("php"), str(RUNNER), *args], capture_output=True,
                            text=True, timeout=60, input=stdin)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return result.stdout


def event_count(app, site, name: str) -> float:
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id) & (DailyCount.metric == "event")
                                     & (DailyCount.key == name))
        return row.value if row else 0


def snapshot(app, site) -> dict[str, Any]:
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))


def test_php_test_runner_passes():
    output = php()
    assert "0 failed" in output, output


def test_admin_token_minted_in_php_is_accepted_by_the_server():
    secret, key = "secret-of-the-site-0123456789", "a1b2c3d4e5f6a7b8"
    token = php("--mint", secret, key, "alice").strip()
    claims = verify_admin_token(token, secret, key)
    assert (claims.site, claims.sub, claims.role) == (key, "alice", "admin")
    assert abs(claims.exp - (time.time() + 12 * 3600)) < 60
    with pytest.raises(TokenError, match="bad signature"):
        verify_admin_token(token, "another-secret-0123456789", key)
    stale = php("--mint", secret, key, "alice", str(int(time.time()) - 13 * 3600)).strip()
    with pytest.raises(TokenError, match="expired"):
        verify_admin_token(stale, secret, key)


def test_signed_purchase_built_in_php_is_accepted_and_counted(app, client, world):
    site = world.site_a
    sent = json.loads(php("--server-event", "purchase", "http://localhost", site.public_key,
                          site.secret))
    assert sent["url"] == "http://localhost/api/collect"
    response = client.post("/api/collect", data=sent["body"].encode(), headers=sent["headers"])
    assert response.status_code == 202, response.json
    assert response.json == {"ok": 1, "dropped": {}}
    assert event_count(app, site, "purchase") == 1
    # Replayed byte for byte, it is refused: its nonce was used.
    replay = client.post("/api/collect", data=sent["body"].encode(), headers=sent["headers"])
    assert replay.status_code == 403
    assert "X-SiteTracker-Nonce" in replay.json["error"]["fields"]
    sales = snapshot(app, site)["commerce"]["sales_today"]
    assert sales["count"] == 1 and sales["value"] == 79.8 and sales["currency"] == "EUR"
    # Its signature covers the exact body: one byte changed and it is refused.
    forged = client.post("/api/collect", data=sent["body"].replace("79.8", "7.98").encode(),
                         headers=sent["headers"])
    assert forged.status_code == 403


def test_signed_payment_error_built_in_php_is_accepted(app, client, world):
    site = world.site_a
    sent = json.loads(php("--server-event", "payment_error", "http://localhost",
                          site.public_key, site.secret))
    body = json.loads(sent["body"])
    assert body["ev"][0]["p"]["email"] == "jane@example.com"  # the option is on in this mode
    response = client.post("/api/collect", data=sent["body"].encode(), headers=sent["headers"])
    assert response.status_code == 202 and response.json["ok"] == 1, response.json
    assert event_count(app, site, "payment_error") == 1


def test_storefront_script_sends_valid_events_through_the_widget(app, client, world):
    footer = php("--checkout-footer")
    node = tool_or_skip("node")
    result = subprocess.run([node, str(TESTS / "storefront-script.js")], input=footer,
                            capture_output=True, text=True, timeout=60, check=True)
    played = json.loads(result.stdout)
    names = [call[1] for call in played["calls"]]
    assert names == ["checkout", "add_to_cart", "add_to_cart", "pay_now", "payment_error"]
    assert played["cookies"][0].startswith("st_vid=visitor-000111; path=/;")
    assert "SameSite=Lax" in played["cookies"][0]
    for command, name, props in played["calls"]:
        assert command == "track"
        body = {"k": world.site_a.public_key, "v": "visitor-000111", "ev": {"n": name, "p": props}}
        response = client.post("/api/collect", data=json.dumps(body), headers={
            "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})
        assert response.status_code == 202 and response.json["ok"] == 1, (name, response.json)


def test_product_and_search_pages_send_view_item_and_search_the_server_counts(
        app, client, world, make_user):
    footer = php("--catalog-footer")
    node = tool_or_skip("node")
    result = subprocess.run([node, str(TESTS / "storefront-script.js")], input=footer,
                            capture_output=True, text=True, timeout=60, check=True)
    # The page's own events come first (the script then plays cart clicks of its own).
    calls = json.loads(result.stdout)["calls"][:2]
    assert [(name, props) for _, name, props in calls] == [
        ("view_item", {"product": "Organic tee", "value": 29.9, "currency": "EUR", "id": "11"}),
        ("search", {"q": "linen shirt", "results": 4}),
    ]
    body = {"k": world.site_a.public_key, "v": "visitor-000111",
            "ev": [{"n": name, "p": props} for _, name, props in calls]}
    response = client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})
    assert response.status_code == 202 and response.json["ok"] == 2, response.json
    app.extensions["sitetracker"].buffer.flush()
    answer = client.get(f"/api/sites/{world.site_a.public_key}/catalog",
                        headers=token_headers(make_user, world, "viewer")).json
    assert answer["products"][0] == {"product": "Organic tee", "views": 1, "carts": 0,
                                     "purchases": 0}
    assert answer["searches"] == [{"q": "linen shirt", "count": 1}]
