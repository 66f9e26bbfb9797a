"""What a person sees on the board, in a real browser: the tiles' order on a phone (a
phone's browser context, not a resized desktop page), the world map, the marks and
windows of the time graphs, the sales tile with no sales, amounts with their currency."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sitetracker.models import Site

from . import test_board, test_board_commerce
from .harness import LiveServer, PageLog, Storefront
from .test_board import DESKTOP, Shop, no_errors, open_board, seed_history, sign_in, wait_true
from .test_commerce import DESKTOP_UA

# The fixtures of the board's other tests, by other names: a real server with a site and
# its owner; that owner's live board on a desktop.
store = test_board.shop
live_board = test_board_commerce.board

PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")


@pytest.fixture
def phone(browser: Any, page_log: PageLog) -> Iterator[Any]:
    """A page in a phone's browser: 390x844, touch, a phone's user agent."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2, user_agent=PHONE_UA)
    page = context.new_page()
    page_log.record(page)
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Any, page_log: PageLog) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page_log.record(page)
    yield page
    context.close()


def keep(element: Any, name: str) -> None:
    """A picture of ``element`` in $SITETRACKER_TEST_SHOTS, to look at, when set."""
    folder = os.environ.get("SITETRACKER_TEST_SHOTS")
    if folder:
        element.screenshot(path=str(Path(folder) / name))


def saved_order(page: Any, store: Shop) -> list[str]:
    """The saved layout's tiles, top-left to bottom-right."""
    layout = page.evaluate("""(url) => fetch(url, {credentials: 'same-origin'})
        .then(r => r.json())""", f"/api/sites/{store.site.public_key}/board")
    return [t["id"] for t in sorted(layout["tiles"], key=lambda t: (t["y"], t["x"]))]


def shown_order(page: Any) -> list[str]:
    """The tiles as they stand on the screen, top to bottom."""
    return page.evaluate("""() => [...document.querySelectorAll('.grid-stack-item')]
        .map(el => [el.getBoundingClientRect().top, el.gridstackNode.id])
        .sort((a, b) => a[0] - b[0]).map(([, id]) => id)""")


def test_a_phone_shows_the_tiles_in_the_layouts_order(phone: Any, page_log: PageLog,
                                                     store: Shop) -> None:
    page = phone
    sign_in(page, store)
    open_board(page, store)
    assert page.evaluate("document.querySelector('.grid-stack').gridstack.getColumn()") == 1
    order = saved_order(page, store)
    assert order[0] == "users"
    assert shown_order(page) == order
    # "Live users" is on the first screen.
    top = page.evaluate("document.querySelector('.tile-live_users').getBoundingClientRect().top")
    assert 0 <= top < 844
    overflow = page.evaluate("document.documentElement.scrollWidth"
                             " - document.documentElement.clientWidth")
    assert overflow <= 0
    no_errors(page_log)


# -- the world map --------------------------------------------------------------------

def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    return [ring for polygon in polygons for ring in polygon]


def test_no_country_of_the_map_wraps_round_the_world(dashboard_build: Path) -> None:
    world = json.loads((dashboard_build.parent / "world.json").read_text())
    wrapping = [
        feature["properties"]["label"]
        for feature in world["features"]
        for ring in rings(feature["geometry"])
        if any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring))
        or not all(-180 <= lon <= 180 for lon, _ in ring)
    ]
    assert wrapping == []
    by_code = {f["properties"]["name"]: f for f in world["features"]}
    # Russia's far east and Fiji are still drawn, on both sides of the map.
    for code in ("RU", "FJ"):
        lons = [lon for ring in rings(by_code[code]["geometry"]) for lon, _ in ring]
        assert min(lons) < -170 and max(lons) > 170, code


LAND_ROWS = """(el) => {
    // Each pixel row of the map's canvas: the share of its width that is drawn on.
    const canvas = el.querySelector('canvas');
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const rows = [];
    for (let y = 0; y < height; y++) {
        let drawn = 0;
        for (let x = 0; x < width; x++) if (pixels[(y * width + x) * 4 + 3] > 0) drawn++;
        rows.push(drawn / width);
    }
    return rows;
}"""


def test_the_map_draws_no_band_across_its_top(desktop: Any, page_log: PageLog,
                                              store: Shop) -> None:
    page = desktop
    sign_in(page, store)
    open_board(page, store)
    chart = page.locator(".map-chart")
    wait_true(page, """() => {
        const c = document.querySelector('.map-chart canvas');
        if (!c) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
        return false;
    }""")
    page.wait_for_timeout(300)  # the first frame is the whole map; nothing animates in
    rows = chart.evaluate(LAND_ROWS)
    keep(chart, "map.png")
    drawn = [i for i, share in enumerate(rows) if share > 0]
    top = drawn[0]
    height = drawn[-1] - top
    # The top fifth of the map is the Arctic: wide coasts (Canada and Russia draw some 85%
    # of a row), but no row drawn from edge to edge, as a country wrapping round the
    # world drew one (98%).
    arctic = rows[top:top + height // 5]
    assert max(arctic) < 0.92, [round(share, 2) for share in arctic]
    no_errors(page_log)


# -- marks on the time graphs ---------------------------------------------------------

MARK_LABELS = """(el) => {
    // The marks' labels as drawn (after truncation) and the plot they must stay in.
    const chart = el.chart;
    const grid = chart.getOption().grid[0];
    const plot = { x: grid.left, y: grid.top, w: chart.getWidth() - grid.left - grid.right,
                   h: chart.getHeight() - grid.top - grid.bottom };
    const labels = chart.getZr().storage.getDisplayList(true)
        .filter((d) => d.style && /sale|marks/i.test(d.style.text || ''))
        .filter((d) => !d.ignore && !d.invisible)
        .map((d) => {
            const r = d.getBoundingRect().clone();
            if (d.transform) r.applyTransform(d.transform);
            return { text: d.style.text, x: r.x, y: r.y, w: r.width, h: r.height };
        });
    return { plot, labels };
}"""

GRAPHS = (".tile-activity", ".tile-engaged", ".tile-events", ".tile-live_users")


def sales_marked(drawn: dict[str, Any]) -> int:
    """How many sales the labels stand for: "Sale: …" is one, "4 sales" four."""
    count = 0
    for label in drawn["labels"]:
        text = label["text"]
        count += int(text.split()[0]) if text.endswith(" sales") else 1
    return count


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def test_sales_close_together_share_one_label_inside_the_graph(
        browser: Any, live_board: tuple[Any, PageLog], storefront: Storefront) -> None:
    page, log = live_board
    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    other_context = browser.new_context(user_agent=DESKTOP_UA)
    shopper = shopper_context.new_page()
    try:
        shopper.goto(storefront.url("checkout.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        for n in range(5):
            shopper.evaluate("""(n) => sitetracker('track', 'purchase',
                {order_id: 'B-' + n, value: 20 + n, currency: 'EUR', items: 1})""", n)
        wait_true(page, "+document.querySelector('[data-value=sales-count]').textContent === 5")
        # Another shopper's cart: its amount in the store's currency on both tiles.
        other = other_context.new_page()
        other.goto(storefront.url("checkout.html"))
        other.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        other.evaluate("""() => sitetracker('track', 'add_to_cart',
            {product: 'hat', quantity: 1, value: 59})""")
        wait_true(page, "document.querySelector('[data-value=carts-value]').textContent"
                        ".includes('59')")
        wait_true(page, "[...document.querySelectorAll('.shopper-table .cell-cart')]"
                        ".some((td) => td.textContent.includes('59'))")
    finally:
        shopper_context.close()
        other_context.close()
    assert page.text_content("[data-value=carts-value]") == "€59"
    assert page.text_content("[data-value=sales-value]") == "€110"  # 20 + 21 + … + 24
    carts = page.eval_on_selector_all(".shopper-table .cell-cart",
                                      "els => els.map(e => e.textContent)")
    assert "€59" in carts, carts
    board_text = page.inner_text("#board")
    assert "$" not in board_text
    for tile in GRAPHS:
        chart = page.locator(f"{tile} .tile-chart")
        wait_true(page, f"""() => document.querySelector('{tile} .tile-chart').chart
            .getZr().storage.getDisplayList(true)
            .some((d) => /sales/.test(d.style.text || ''))""")
        drawn = chart.evaluate(MARK_LABELS)
        keep(chart, f"marks-{tile[6:]}.png")
        assert sales_marked(drawn) == 5, (tile, drawn)
        plot = drawn["plot"]
        for label in drawn["labels"]:
            assert label["w"] > 0 and label["h"] > 0, (tile, label)
            assert plot["x"] - 1 <= label["x"], (tile, drawn)
            assert label["x"] + label["w"] <= plot["x"] + plot["w"] + 1, (tile, drawn)
            assert plot["y"] - 1 <= label["y"], (tile, drawn)
            assert label["y"] + label["h"] <= plot["y"] + plot["h"] + 1, (tile, drawn)
        for a, b in itertools.combinations(drawn["labels"], 2):
            assert not overlap(a, b), (tile, a, b)
    no_errors(log)


# -- the engaged-time graph's window, axis labels ---------------------------------------

AXIS = """(el) => {
    // The x axis's span (ms) and every text drawn, with the chart's size.
    const chart = el.chart;
    const axis = chart.getOption().xAxis[0];
    const texts = chart.getZr().storage.getDisplayList(true)
        .filter((d) => d.style && d.style.text && !d.ignore && !d.invisible)
        .map((d) => {
            const r = d.getBoundingRect().clone();
            if (d.transform) r.applyTransform(d.transform);
            return { text: d.style.text, x: r.x, y: r.y, w: r.width, h: r.height };
        });
    return { min: axis.min, max: axis.max, width: chart.getWidth(), height: chart.getHeight(),
             texts };
}"""


def assert_inside(drawn: dict[str, Any], tile: str) -> None:
    for text in drawn["texts"]:
        assert -0.5 <= text["x"] and text["x"] + text["w"] <= drawn["width"] + 0.5, (tile, text)
        assert -0.5 <= text["y"] and text["y"] + text["h"] <= drawn["height"] + 0.5, (tile, text)


def engaged_axis(page: Any) -> dict[str, Any]:
    wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
    wait_true(page, "document.querySelector('.tile-engaged .tile-chart').chart"
                    ".getOption().xAxis[0].max > 0")
    page.wait_for_timeout(300)
    return page.locator(".tile-engaged .tile-chart").evaluate(AXIS)


def test_the_engaged_graph_of_a_new_day_spans_hours_not_the_day(
        desktop: Any, page_log: PageLog, store: Shop) -> None:
    page = desktop
    sign_in(page, store)
    open_board(page, store)
    drawn = engaged_axis(page)
    keep(page.locator(".tile-engaged"), "engaged-new.png")
    now = page.evaluate("+document.querySelector('#board').dataset.updatedAt") * 1000
    hours = (drawn["max"] - drawn["min"]) / 3_600_000
    # Two hours at least, but never from before the site's midnight (in the first two
    # hours of a day, the graph starts at midnight).
    local = datetime.fromtimestamp(now / 1000, ZoneInfo(store.site.timezone))
    since_midnight = (local - local.replace(hour=0, minute=0, second=0, microsecond=0)
                      ).total_seconds() / 3600
    assert min(2, since_midnight) <= hours <= 3.2, (hours, since_midnight)
    assert drawn["min"] < now <= drawn["max"] <= now + 10 * 60_000
    labels = [t["text"] for t in drawn["texts"] if ":" in t["text"]]
    assert len(labels) >= 2 and all(len(label) == 5 for label in labels), labels
    for tile in GRAPHS:
        assert_inside(page.locator(f"{tile} .tile-chart").evaluate(AXIS), tile)
    no_errors(page_log)


def test_the_engaged_graph_grows_from_the_days_first_data_to_now(
        desktop: Any, page_log: PageLog, store: Shop) -> None:
    page = desktop
    seed_history(store.site, days=1)
    sign_in(page, store)
    open_board(page, store)
    drawn = engaged_axis(page)
    keep(page.locator(".tile-engaged"), "engaged-day.png")
    now = page.evaluate("+document.querySelector('#board').dataset.updatedAt") * 1000
    midnight = now // 86_400_000 * 86_400_000  # the site's time zone is UTC
    assert drawn["min"] == midnight  # the seeded day has data from its first minute
    assert now <= drawn["max"] <= now + 0.05 * (now - drawn["min"]) + 120_000
    assert_inside(drawn, ".tile-engaged")
    no_errors(page_log)


# -- the sales tile, amounts ------------------------------------------------------------

def test_no_sales_today_shows_no_stray_amount(desktop: Any, page_log: PageLog,
                                             store: Shop) -> None:
    page = desktop
    sign_in(page, store)
    open_board(page, store)
    wait_true(page, "document.querySelector('[data-value=sales-count]').textContent === '0'")
    shown = page.inner_text(".tile-carts .sales-row")
    assert " ".join(shown.split()) == "0 sales today", shown
    assert page.locator("[data-value=sales-value]").is_visible() is False
    # No amount in a currency the store never named.
    assert "$" not in page.inner_text(".tile-carts")
    keep(page.locator(".tile-carts"), "sales-none.png")
    no_errors(page_log)


# -- abandonment with only today --------------------------------------------------------

def test_abandonment_of_today_alone_is_drawn_as_a_point_not_final(
        browser: Any, live_board: tuple[Any, PageLog], storefront: Storefront,
        live_server: LiveServer, site: Site) -> None:
    page, log = live_board
    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    shopper = shopper_context.new_page()
    try:
        shopper.goto(storefront.url("checkout.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        shopper.click("#add")
        shopper.click("#to-checkout")
        shopper.click("#confirm")
        wait_true(page, "+document.querySelector('[data-value=funnel-purchases]').textContent"
                        " === 1")
    finally:
        shopper_context.close()
    # The board's tile: today's rates are points of the dashed "today" lines.
    tile = page.locator(".tile-abandonment .tile-chart")
    wait_true(page, """() => {
        const series = document.querySelector('.tile-abandonment .tile-chart').chart
            .getOption().series;
        const today = series.filter((s) => /today/.test(s.name));
        return today.length === 2 && today.every((s) => s.data[s.data.length - 1] === 0);
    }""")
    keep(page.locator(".tile-abandonment"), "abandonment-tile.png")
    assert tile.evaluate("""(el) => el.chart.getOption().series
        .filter((s) => /today/.test(s.name)).every((s) => s.showSymbol !== false)""")
    # The admin page's chart: an open dot for today on each rate, captioned not final.
    page.goto(f"{live_server.url}/sites/{site.public_key}/abandonment?days=7")
    dots = page.locator(".rate-chart circle.dot-today")
    assert dots.count() == 2
    for n in range(2):
        box = dots.nth(n).bounding_box()
        assert box is not None and box["width"] > 4 and box["height"] > 4
    assert "not final" in page.inner_text(".rate-chart figcaption")
    keep(page.locator(".rate-chart"), "abandonment-page.png")
    no_errors(log)
