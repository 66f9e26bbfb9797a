"""Browser tests: the real server, a real Chromium, storefront pages on test domains.

* ``live_server``: ``python -m sitetracker serve`` on a free port and the test's own
  database, known to the browser as ``http://st.test:<port>``; it also creates sites
  and people in that database (``live_server.create_site(["shop-a.test"])``).
* ``storefront``: the pages of ``tests/browser/pages`` on another free port, with
  ``{{SERVER}}`` and ``{{SITE_KEY}}`` filled in for ``site`` on ``live_server``:
  ``storefront.url("widget.html")`` is ``http://shop-a.test:<port>/widget.html``; any
  other ``*.test`` host for another domain, keyword arguments for other values.
* ``browser``: Chromium (``SITETRACKER_CHROMIUM``, else the system's) resolving every
  ``*.test`` host to this machine; ``page``: a new page in a new context, recorded in
  ``page_log`` (console, uncaught errors, requests, websocket frames); ``widget``: the
  widget's state in that page.

Without Chromium these tests are skipped, except on CI (``CI=true``) where they fail.
They need ``npm run build`` first (``./run test`` does it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitetracker.db import connect, database
from sitetracker.models import Site

from .harness import (
    DASHBOARD_BUILT,
    DASHBOARD_SOURCES,
    ROOT,
    SHOP,
    WIDGET,
    WIDGET_SOURCES,
    LiveServer,
    PageLog,
    PagesServer,
    Storefront,
    WidgetProbe,
)

CHROMIUM = os.environ.get("SITETRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP *.test 127.0.0.1",
]


@pytest.fixture(scope="session")
def widget_build() -> Path:
    """widget.js, built after its last change: the tests would exercise stale code."""
    name = WIDGET.relative_to(ROOT)
    if not WIDGET.exists():
        pytest.fail(f"{name} is missing: run npm run build", pytrace=False)
    for source in WIDGET_SOURCES:
        if source.stat().st_mtime > WIDGET.stat().st_mtime:
            pytest.fail(f"{name} is older than {source.relative_to(ROOT)}: run npm run build",
                        pytrace=False)
    return WIDGET


@pytest.fixture(scope="session")
def dashboard_build() -> Path:
    """The dashboard's built files, newer than its sources (``npm run build``, as
    ``./run test`` does first): the tests would otherwise exercise stale code."""
    newest = max(path.stat().st_mtime for path in DASHBOARD_SOURCES)
    for built in DASHBOARD_BUILT:
        if not built.exists() or built.stat().st_mtime < newest:
            pytest.fail(f"{built.relative_to(ROOT)} is missing or stale: run npm run build",
                        pytrace=False)
    return DASHBOARD_BUILT[0]


@pytest.fixture
def server_settings() -> dict[str, str]:
    """What the live server is started with (``SITETRACKER_<NAME>``): none, unless a
    test module overrides this fixture (the SMTP server to send mail to, say)."""
    return {}


@pytest.fixture
def live_server(tmp_path: Path, database_url: str, widget_build: Path,
                server_settings: dict[str, str]) -> Iterator[LiveServer]:
    """The real server, as operators run it, on the test's database."""
    server = LiveServer.start(tmp_path, database_url, **server_settings)
    try:
        connect(database_url)
        yield server
    finally:
        server.stop()
        if not database.is_closed():
            database.close()


@pytest.fixture
def site(live_server: LiveServer) -> Site:
    """A site of the live server for shop-a.test (and its subdomains)."""
    return live_server.create_site([SHOP])


@pytest.fixture(scope="session")
def pages_server() -> Iterator[PagesServer]:
    server = PagesServer()
    yield server
    server.close()


@pytest.fixture
def storefront(pages_server: PagesServer, live_server: LiveServer, site: Site
               ) -> Iterator[Storefront]:
    """The pages, carrying the widget tag of ``site`` on ``live_server``."""
    pages_server.defaults.update(SERVER=live_server.url, SITE_KEY=site.public_key)
    yield Storefront(pages_server.port)
    pages_server.defaults.clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium, headless, with every ``*.test`` host on this machine."""
    if not Path(CHROMIUM).is_file():
        reason = f"no Chromium at {CHROMIUM} (set SITETRACKER_CHROMIUM)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Any, storefront: Storefront) -> Iterator[Any]:
    """A fresh browser profile for one test, closed before the servers stop."""
    instance = browser.new_context()
    yield instance
    instance.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(context: Any, page_log: PageLog) -> Any:
    """A new page whose activity lands in ``page_log``."""
    instance = context.new_page()
    page_log.record(instance)
    return instance


@pytest.fixture
def widget(page: Any, page_log: PageLog) -> WidgetProbe:
    return WidgetProbe(page, page_log)
