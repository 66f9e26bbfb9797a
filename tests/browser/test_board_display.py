"""What a person sees on the board, in a real browser: the tiles' order on a phone (a
phone's browser context, not a resized desktop page), the world map, the marks and
windows of the time graphs, the sales tile with no sales, amounts with their currency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .harness import PageLog
from .test_board import (  # noqa: F401 (the fixture)
    DESKTOP,
    Shop,
    no_errors,
    open_board,
    shop,
    sign_in,
    wait_true,
)

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


def saved_order(page: Any, shop: Shop) -> list[str]:
    """The saved layout's tiles, top-left to bottom-right."""
    layout = page.evaluate("""(url) => fetch(url, {credentials: 'same-origin'})
        .then(r => r.json())""", f"/api/sites/{shop.site.public_key}/board")
    return [t["id"] for t in sorted(layout["tiles"], key=lambda t: (t["y"], t["x"]))]


def shown_order(page: Any) -> list[str]:
    """The tiles as they stand on the screen, top to bottom."""
    return page.evaluate("""() => [...document.querySelectorAll('.grid-stack-item')]
        .map(el => [el.getBoundingClientRect().top, el.gridstackNode.id])
        .sort((a, b) => a[0] - b[0]).map(([, id]) => id)""")


def test_a_phone_shows_the_tiles_in_the_layouts_order(phone: Any, page_log: PageLog,
                                                     shop: Shop) -> None:
    page = phone
    sign_in(page, shop)
    open_board(page, shop)
    assert page.evaluate("document.querySelector('.grid-stack').gridstack.getColumn()") == 1
    order = saved_order(page, shop)
    assert order[0] == "users"
    assert shown_order(page) == order
    # "Live users" is on the first screen.
    top = page.evaluate("document.querySelector('.tile-live_users').getBoundingClientRect().top")
    assert 0 <= top < 844
    overflow = page.evaluate("document.documentElement.scrollWidth"
                             " - document.documentElement.clientWidth")
    assert overflow <= 0
    no_errors(page_log)
