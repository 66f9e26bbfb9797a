"""The reports page in a real browser: figures with their change, charts, tables with a
CSV each, a period picked from the form, and a print layout without the page's chrome;
at a desktop's and a phone's width."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sitetracker.simulate.history import seed

from . import test_board
from .harness import ROOT, PageLog
from .test_board import Shop, no_errors, sign_in
from .test_board_display import desktop, phone  # noqa: F401  (fixtures)

store = test_board.shop
IMAGES = ROOT / "docs" / "images"


@pytest.fixture
def history(store: Shop) -> Shop:
    """Ten weeks of a small store's rollups up to today."""
    today = datetime.now(UTC).date()
    store.run(seed, store.site.id, today, 70, 300)
    return store


def open_reports(page: Any, shop: Shop, query: str = "") -> None:
    sign_in(page, shop)
    page.goto(f"{shop.server.url}/sites/{shop.site.public_key}/reports{query}")
    page.wait_for_selector("#report[data-ready='1']")


def shot(page: Any, name: str, full_page: bool = True) -> None:
    if test_board.SCREENSHOTS:
        IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(IMAGES / name), full_page=full_page)


def figure(page: Any, label: str) -> str:
    return page.evaluate("""(label) => [...document.querySelectorAll('.figure')]
        .find(f => f.querySelector('.figure-label').textContent === label)
        .querySelector('.figure-value').textContent""", label)


def test_the_report_shows_figures_charts_and_tables(desktop: Any, page_log: PageLog,  # noqa: F811
                                                    history: Shop) -> None:
    page = desktop
    open_reports(page, history)
    assert figure(page, "Sessions") not in ("", "0", "—")
    assert "%" in figure(page, "Bounce rate")
    tables = page.eval_on_selector_all("[data-table]", "els => els.map(e => e.dataset.table)")
    assert {"channels", "sources", "top-pages", "entry-pages", "exit-pages", "countries",
            "cities", "devices", "screens", "products", "searches", "events"} <= set(tables)
    screens = page.locator("[data-table=screens] tbody tr td:first-child").all_text_contents()
    assert screens[0].startswith("Phone") and len(screens) == 4
    assert "No searches tracked yet." in page.text_content("[data-table=searches]")
    drawn = page.eval_on_selector_all(".report-chart", "els => els.map(e => !!e.chart)")
    assert drawn == [True, True, True]
    shot(page, "reports-desktop.png")
    no_errors(page_log)


def test_a_table_downloads_as_csv(desktop: Any, page_log: PageLog, history: Shop  # noqa: F811
                                  ) -> None:
    page = desktop
    open_reports(page, history)
    with page.expect_download() as caught:
        page.click("[data-table=channels] button")
    text = open(caught.value.path(), encoding="utf-8").read()
    lines = text.strip().splitlines()
    assert lines[0] == "Channel,Sessions"
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Direct", "Organic search", "Paid", "Social", "E-mail", "Referral"]


def test_choosing_a_period_shows_it_against_the_one_before(desktop: Any,  # noqa: F811
                                                           page_log: PageLog,
                                                           history: Shop) -> None:
    page = desktop
    open_reports(page, history)
    week = figure(page, "Sessions")
    page.evaluate("() => { document.getElementById('report').dataset.ready = '' }")
    page.select_option("#range", "30d")
    page.wait_for_selector("#report[data-ready='1']")
    month = figure(page, "Sessions")
    assert int(month.replace(",", "")) > int(week.replace(",", ""))
    assert "compared with" in page.text_content(".period")


def test_a_link_naming_a_period_opens_the_report_on_it(desktop: Any,  # noqa: F811
                                                      page_log: PageLog,
                                                      history: Shop) -> None:
    """The links of the scheduled reports' mails: ``?from=...&to=...``."""
    from datetime import timedelta

    page = desktop
    day = (datetime.now(UTC).date() - timedelta(days=3)).isoformat()
    open_reports(page, history, f"?from={day}&to={day}")
    assert page.input_value("#range") == "custom"
    assert (page.text_content(".period") or "").startswith(f"{day} to {day} ")
    no_errors(page_log)


def test_printing_leaves_out_the_menus_and_buttons(desktop: Any, page_log: PageLog,  # noqa: F811
                                                   history: Shop) -> None:
    page = desktop
    open_reports(page, history)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.topbar', '#report-range', '[data-table] button']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]


def test_a_phone_shows_one_column_in_the_screen_width(phone: Any, page_log: PageLog,  # noqa: F811
                                                      history: Shop) -> None:
    page = phone
    open_reports(page, history)
    widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.report-card')]
        .map(e => e.getBoundingClientRect().right))""")
    assert widest <= page.viewport_size["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size[
        "width"]
    shot(page, "reports-phone.png", full_page=False)
    no_errors(page_log)


def _cart_funnel_counts(site_id: int, today: Any) -> int:
    """A week of the cart funnel's day counters, as flushes would have added them."""
    from datetime import timedelta

    from sitetracker.db import database
    from sitetracker.funnels.progress import funnels_of
    from sitetracker.ingest.buffer import add_count

    with database.atomic():
        cart = funnels_of(site_id)[0]
        for back in range(7):
            for step, units in enumerate((40, 18, 9, 5), start=1):
                add_count(site_id, today - timedelta(days=back), "funnel",
                          f"{cart.id}\t{step}", units)
    return cart.id


def test_the_funnels_section_shows_each_step(desktop: Any, page_log: PageLog,  # noqa: F811
                                             history: Shop) -> None:
    page = desktop
    history.run(_cart_funnel_counts, history.site.id, datetime.now(UTC).date())
    open_reports(page, history)
    card = page.locator("[data-funnel]").first
    rows = card.locator("tbody tr").all_text_contents()
    assert [row.split(".")[0] for row in rows] == ["1", "2", "3", "4"]
    assert "280" in rows[0] and "126" in rows[1] and "154" in rows[1]  # reached, dropped
    assert "counts from" in card.text_content()
    card.scroll_into_view_if_needed()
    if test_board.SCREENSHOTS:
        IMAGES.mkdir(parents=True, exist_ok=True)
        card.screenshot(path=str(IMAGES / "reports-funnels.png"))
    no_errors(page_log)
