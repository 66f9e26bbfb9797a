"""The live board and the overview in a real browser, against a real server, with the
simulator driving shoppers through the real protocol.

The server runs behind "one trusted proxy" so the simulator's shoppers are placed where
their addresses say (X-Forwarded-For), as they would be behind nginx. Set
``SITETRACKER_SCREENSHOTS=1`` to write the README's pictures to ``docs/``.
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sitetracker import tenancy
from sitetracker.db import connect, database
from sitetracker.models import MinuteStat, Organization, Site
from sitetracker.simulate import Simulation, start_in_background

from ..servers import Server, running_server
from .harness import ROOT, PageLog

PASSWORD = "board password 123"
ORIGIN = "https://shop.board.test"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
DOCS = ROOT / "docs"
SCREENSHOTS = os.environ.get("SITETRACKER_SCREENSHOTS") == "1"
@dataclass
class Shop:
    server: Server
    org: Organization
    site: Site
    email: str

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with database.connection_context():
            return fn(*args, **kwargs)

    def simulate(self, shoppers: int = 14, site: Site | None = None, seed: int = 3
                 ) -> Simulation:
        key = (site or self.site).public_key
        return start_in_background(self.server.url, key, shoppers, ORIGIN, speed=8,
                                   seed=seed, bot_share=0.0)


def seed_history(site: Site, days: int = 14) -> None:
    """Per-minute rollups for the past ``days`` days and today until two minutes ago, a
    store's day (quiet nights, a midday rise, an evening peak), so the graphs have a
    typical band, a curve so far today and last week's number to compare with."""
    rng = random.Random(5)
    now = time.time()
    start = int(now // 86400 - days) * 86400
    rows = []
    for minute in range(start, int(now // 60 * 60) - 120, 60):
        hour = (minute % 86400) / 3600
        users = (3 + 12 * math.exp(-(((hour - 13) / 3.5) ** 2))
                 + 7 * math.exp(-(((hour - 20) / 2) ** 2)))
        users *= rng.uniform(0.8, 1.2)
        rows.append({"site": site.id, "minute": minute, "concurrents": round(users),
                     "engaged": round(users * rng.uniform(25, 40), 1), "pageviews": round(users)})
    with database.connection_context(), database.atomic():
        for at in range(0, len(rows), 500):
            MinuteStat.insert_many(rows[at:at + 500]).execute()


@pytest.fixture
def shop(tmp_path: Path, database_url: str, dashboard_build: Path) -> Iterator[Shop]:
    """A real server with one organization, its site on shop.board.test, and its owner."""
    with running_server(tmp_path, database_url, trusted_proxies="1") as server:
        connect(database_url)
        with database.connection_context():
            org = tenancy.create_organization("Board Agency")
            site = tenancy.create_site(org, "Board Shop", ["shop.board.test"], "UTC")
            tenancy.add_member("owner@board.test", "owner", password=PASSWORD, organization=org)
        yield Shop(server, org, site, "owner@board.test")
        if not database.is_closed():
            database.close()


@pytest.fixture
def board_page(browser: Any, page_log: PageLog) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page_log.record(page)
    yield page
    context.close()


def sign_in(page: Any, shop: Shop, email: str | None = None) -> None:
    page.goto(shop.server.url + "/login")
    page.fill("input[name=email]", email or shop.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def open_board(page: Any, shop: Shop) -> None:
    page.goto(f"{shop.server.url}/sites/{shop.site.public_key}/board")
    page.wait_for_selector("#board[data-ready=true]")


def number(page: Any, selector: str) -> int:
    text = page.text_content(selector) or ""
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else -1


def wait_true(page: Any, script: str, arg: Any = None, timeout: float = 30_000) -> Any:
    """Wait until ``script`` (an expression, or a function of ``arg``) is truthy. Given
    as a function, so the page's CSP (no eval) does not stop Playwright's polling."""
    if not script.lstrip().startswith("("):
        script = f"() => ({script})"
    return page.wait_for_function(script, arg=arg, timeout=timeout).json_value()


def no_errors(log: PageLog) -> None:
    assert log.errors == [], log.errors
    assert log.network_errors == [], log.network_errors


def shoot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(DOCS / name))


def test_every_tile_follows_the_simulated_shoppers(board_page: Any, page_log: PageLog,
                                                   shop: Shop) -> None:
    page = board_page
    seed_history(shop.site)
    simulation = shop.simulate()
    try:
        sign_in(page, shop)
        open_board(page, shop)
        wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
        wait_true(page, "+document.querySelector('[data-value=users]').textContent > 0")
        # Devices add up to the shoppers on the site.
        wait_true(page, """() => {
            const n = (k) => +document.querySelector(`.tile-devices [data-value=${k}]`).textContent;
            return n('mobile') + n('desktop') + n('tablet') > 0;
        }""")
        wait_true(page, "document.querySelectorAll('.country-list .bar').length > 0")
        wait_true(page, "document.querySelectorAll('.page-list .bar').length > 0")
        wait_true(page, "document.querySelectorAll('.stream-row').length > 0")
        wait_true(page, "document.querySelectorAll('.shopper-table tbody tr').length > 0")
        wait_true(page, "document.querySelectorAll('.tile-sources .bar').length > 0")
        wait_true(page, "document.querySelectorAll('.tile-page_types .bar').length > 0")
        # The commerce tiles: shoppers adding to cart reach the funnel's first gauge.
        wait_true(page, "+document.querySelector('[data-value=funnel-carts]').textContent > 0")
        first = page.text_content("[data-value=engaged]")
        wait_true(page, "(first) => document.querySelector('[data-value=engaged]').textContent"
                        " !== first", first)

        countries = page.eval_on_selector_all(".country-list .bar-label",
                                              "els => els.map(e => e.textContent)")
        assert {"United States", "United Kingdom", "Canada", "Germany", "France",
                "Australia", "Italy", "Spain", "Brazil", "India"} & set(countries), countries
        pages = page.eval_on_selector_all(".page-list .bar-label",
                                          "els => els.map(e => e.textContent)")
        assert all(p.startswith("/") for p in pages), pages
        assert number(page, "[data-value=peak]") >= 1
        # Last week's number is known, so the trend arrow shows.
        assert page.get_attribute(".trend", "data-trend") in {"up", "down", "flat"}

        # A threshold set on the live users tile lights it up and marks the graphs.
        page.hover(".tile-live_users")
        page.click(".tile-live_users .tile-btn[title=Thresholds]")
        page.fill(".tile-settings input[name=above]", "0")
        page.click(".tile-settings button[type=submit]")
        page.wait_for_selector(".tile-live_users.is-lit")
        assert page.text_content(".tile-live_users .tile-badge") == "> 0"
        wait_true(page, "document.querySelector('#board').dataset.saveState === 'saved'")
        saved = shop.server.get(f"/api/sites/{shop.site.public_key}/board",
                                headers={"Cookie": cookie_header(page)})
        users_tile = next(t for t in saved["tiles"] if t["type"] == "live_users")
        assert users_tile["thresholds"] == {"above": 0.0, "below": None}

        page.mouse.move(5, 5)
        page.wait_for_timeout(1500)  # charts settle
        shoot(page, "board-desktop.png")
        page.set_viewport_size(PHONE)
        wait_true(page, "document.querySelector('.grid-stack').classList.contains('gs-1')"
                        " || getComputedStyle(document.querySelector('.grid-stack'))"
                        ".getPropertyValue('--gs-columns').trim() === '1'")
        overflow = page.evaluate("document.documentElement.scrollWidth"
                                 " - document.documentElement.clientWidth")
        assert overflow <= 0
        page.wait_for_timeout(800)
        shoot(page, "board-phone.png")
    finally:
        simulation.stop()
    no_errors(page_log)


def cookie_header(page: Any) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())


def tile_places(page: Any) -> dict[str, tuple[int, int]]:
    return dict(page.evaluate("""() => [...document.querySelectorAll('.grid-stack-item')]
        .map(el => [el.gridstackNode.id, [el.gridstackNode.x, el.gridstackNode.y]])"""))


def test_a_dragged_tile_keeps_its_place_after_a_reload(board_page: Any, page_log: PageLog,
                                                      shop: Shop) -> None:
    page = board_page
    sign_in(page, shop)
    open_board(page, shop)
    before = tile_places(page)
    assert before["users"] == [0, 0] and before["peak"] == [9, 0]

    head = page.locator(".tile-live_users .tile-head").bounding_box()
    target = page.locator(".tile-peak").bounding_box()
    page.mouse.move(head["x"] + 40, head["y"] + head["height"] / 2)
    page.mouse.down()
    steps = 12
    for n in range(1, steps + 1):
        page.mouse.move(head["x"] + 40 + (target["x"] + 40 - head["x"] - 40) * n / steps,
                        head["y"] + 12)
        page.wait_for_timeout(30)
    page.mouse.up()
    wait_true(page, "document.querySelector('#board').dataset.saveState === 'saved'")
    moved = tile_places(page)
    assert moved["users"][0] == 9, moved

    page.reload()
    page.wait_for_selector("#board[data-ready=true]")
    assert tile_places(page) == moved
    no_errors(page_log)


def test_the_board_shows_the_tiles_the_server_names_in_its_order(board_page: Any,
                                                                 page_log: PageLog,
                                                                 shop: Shop) -> None:
    """The server's list of tile types is the board's: the add menu offers them in its
    order; a type this build has no module for is skipped with a warning, not a crash."""
    page = board_page
    served: dict[str, Any] = {}

    def with_a_new_type(route: Any) -> None:
        if route.request.method != "GET":
            return route.fallback()
        board = route.fetch().json()
        board["tile_types"].insert(1, "hologram")
        board["tiles"].append({"id": "holo", "type": "hologram", "x": 0, "y": 40, "w": 3,
                               "h": 3, "thresholds": {"above": None, "below": None}})
        served.update(board)
        route.fulfill(json=board)

    page.route("**/api/sites/*/board", with_a_new_type)
    sign_in(page, shop)
    open_board(page, shop)
    offered = page.eval_on_selector_all("#add-menu-list .add-menu-item",
                                        "els => els.map(e => e.dataset.type)")
    assert offered == [t for t in served["tile_types"] if t != "hologram"]
    assert offered[:3] == ["live_users", "engaged", "peak"]
    assert page.locator(".tile-live_users").count() == 1
    assert page.locator("[data-tile-id=holo]").count() == 0
    assert [w for w in page_log.warnings if "hologram" in w], page_log.warnings
    no_errors(page_log)


def test_the_overview_shows_exactly_the_sites_the_user_may_see(
        board_page: Any, page_log: PageLog, shop: Shop) -> None:
    page = board_page
    second = shop.run(tenancy.create_site, shop.org, "Second Shop", ["shop.board.test"], "UTC")
    other_org = shop.run(tenancy.create_organization, "Someone Else")
    other = shop.run(tenancy.create_site, other_org, "Not Yours", ["elsewhere.test"], "UTC")
    simulation = shop.simulate(shoppers=8)
    extra = shop.simulate(shoppers=4, site=second, seed=9)
    try:
        sign_in(page, shop)
        assert page.url.endswith("/overview")
        keys = page.eval_on_selector_all(".overview-card", "els => els.map(e => e.dataset.site)")
        assert sorted(keys) == sorted([shop.site.public_key, second.public_key])
        assert other.public_key not in page.content()
        wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
        for key in keys:
            wait_true(page, "(key) => +document.querySelector(`[data-site='${key}']`)"
                            ".dataset.users > 0", key)
        # One websocket carries both sites.
        assert len(page_log.websockets) == 1, page_log.websockets
        page.wait_for_timeout(800)
        shoot(page, "overview.png")
        page.click(f".overview-card[data-site='{second.public_key}']")
        page.wait_for_selector("#board[data-ready=true]")
        assert page.url.endswith(f"/sites/{second.public_key}/board")
    finally:
        simulation.stop()
        extra.stop()
    no_errors(page_log)


def test_the_board_reconnects_and_catches_up(board_page: Any, page_log: PageLog,
                                             shop: Shop) -> None:
    page = board_page
    sign_in(page, shop)
    open_board(page, shop)
    wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
    page.context.set_offline(True)
    wait_true(page, "document.querySelector('#connection').dataset.state !== 'live'",
              timeout=30_000)
    page.context.set_offline(False)
    simulation = shop.simulate(shoppers=6)
    try:
        wait_true(page, "+document.querySelector('[data-value=users]').textContent > 0")
        wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
    finally:
        simulation.stop()
    assert page_log.page_errors == []
    assert json.dumps(page_log.errors).count("Refused") == 0
