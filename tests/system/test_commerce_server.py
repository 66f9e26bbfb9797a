"""Commerce against a real server (``sitetracker serve`` with eventlet): a scripted
shopper presses pay five times, the admin's socket receives one checkout-trouble alert
and a sale alert; simulated shoppers fill the funnel and every purchase raises a sale."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import socketio

from sitetracker import migrations, tenancy
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.db import connect, database
from sitetracker.simulate import start_in_background

from ..agents import DESKTOP
from ..servers import running_server, wait_for

ORIGIN = "https://shop-a.test"
PARIS = "5.48.96.57"


@pytest.fixture
def shop(database_url):
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Commerce")
        site = tenancy.create_site(org, "Commerce shop", ["shop-a.test"], "Europe/Paris")
        user, _ = tenancy.add_member("owner@commerce.test", "owner", organization=org,
                                     password="long enough password")
        token, _ = tenancy.create_api_token(user, "test")
    return site, {"Authorization": f"Bearer {token}"}


def admin_socket(server, site) -> tuple[socketio.Client, list[dict]]:
    alerts: list[dict] = []
    client = socketio.Client(reconnection=False)
    client.on("alert", alerts.append, namespace=f"/site/{site.public_key}")
    client.connect(server.url, namespaces=[f"/site/{site.public_key}"],
                   transports=["websocket"], wait_timeout=10,
                   auth={"token": mint_admin_token(site.secret, site.public_key, "owner")})
    return client, alerts


def test_pay_pressed_five_times_raises_one_alert_and_the_sale_one(tmp_path, database_url,
                                                                   shop):
    site, headers = shop
    key, namespace = site.public_key, f"/site/{site.public_key}"
    with running_server(tmp_path, database_url, trusted_proxies="1") as server:
        admin, alerts = admin_socket(server, site)
        shopper = socketio.Client(reconnection=False,
                                  websocket_extra_options={"origin": ORIGIN})
        shopper.connect(server.url, namespaces=[namespace], transports=["websocket"],
                        headers={"User-Agent": DESKTOP, "X-Forwarded-For": PARIS},
                        auth={"v": "real-shopper-1", "s": "real-session-1", "ret": 0},
                        wait_timeout=10)

        def send(*events):
            answer = shopper.call("ev", list(events), namespace=namespace, timeout=10)
            assert answer == {"ok": len(events), "dropped": {}}, answer

        send({"n": "pageview", "u": ORIGIN + "/products/boot"},
             {"n": "add_to_cart", "p": {"product": "boot", "quantity": 1, "value": 149.0}})
        send({"n": "checkout", "p": {"value": 149.0}},
             {"n": "pageview", "u": ORIGIN + "/checkout"})
        for _ in range(5):
            send({"n": "pay_now", "p": {"value": 149.0}})
        send({"n": "pageview", "u": ORIGIN + "/checkout/thank-you"},
             {"n": "purchase", "p": {"order_id": "R-1", "value": 149.0, "currency": "EUR",
                                     "items": 1}})
        assert wait_for(lambda: {a["kind"] for a in alerts} >= {"event_count", "sale"})
        time.sleep(1.5)  # any second alert would have arrived by now
        snapshot = server.get(f"/api/sites/{key}/live", headers)
        stored = server.get(f"/api/sites/{key}/alerts", headers)["alerts"]
        shopper.disconnect()
        admin.disconnect()

    kinds = Counter(a["kind"] for a in alerts)
    assert kinds == {"event_count": 1, "sale": 1}
    trouble = next(a for a in alerts if a["kind"] == "event_count")
    assert trouble["severity"] == "emergency"
    assert trouble["details"]["pages"][0] == "/checkout"
    assert trouble["details"]["cart"]["value"] == 149.0
    sale = next(a for a in alerts if a["kind"] == "sale")
    assert sale["value"] == 149.0 and sale["details"]["location"]["city"] == "Paris"
    assert {a["id"] for a in stored} == {a["id"] for a in alerts}
    funnel = snapshot["commerce"]["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 1)
    assert snapshot["commerce"]["sales_today"]["value"] == 149.0


def test_simulated_shoppers_fill_the_funnel_and_each_purchase_is_a_sale(tmp_path,
                                                                         database_url, shop):
    site, headers = shop
    key = site.public_key
    with running_server(tmp_path, database_url, trusted_proxies="1") as server:
        admin, alerts = admin_socket(server, site)
        simulation = start_in_background(server.url, key, 16, ORIGIN, speed=25, seed=11,
                                         bot_share=0)
        try:
            wait_for(lambda: simulation.stats.purchases >= 2, 40)
        finally:
            stats = simulation.stop()
        assert wait_for(lambda: sum(a["kind"] == "sale" for a in alerts)
                        >= stats.purchases, 10)
        commerce = server.get(f"/api/sites/{key}/live", headers)["commerce"]
        admin.disconnect()

    assert stats.errors == Counter()  # no commerce event was refused
    assert stats.purchases >= 2
    sales = [a for a in alerts if a["kind"] == "sale"]
    assert len(sales) == stats.purchases
    assert round(sum(a["value"] for a in sales), 2) == stats.revenue
    funnel = commerce["funnel"]
    assert funnel["carts"] >= funnel["checkouts"] >= funnel["purchases"] >= stats.purchases
    assert commerce["sales_today"]["count"] == stats.purchases
