"""Browser tests: the real server, a real Chromium, storefront pages on test domains.

* ``live_server``: ``python -m sitetracker serve`` on a free port, on the test's own
  database, reachable as ``http://st.test:<port>``; it creates sites and people in the
  same database (``live_server.create_site(["shop-a.test"])``).
* ``storefront``: the pages of ``tests/browser/pages`` served from another free port,
  with ``{{SERVER}}`` and ``{{SITE_KEY}}`` filled in: ``storefront.url("widget.html")``
  is ``http://shop-a.test:<port>/widget.html``; other hosts for other domains.
* ``browser``: Chromium (``SITETRACKER_CHROMIUM``, else the system's), resolving every
  ``*.test`` host to this machine; ``page``: a fresh page in a fresh context, whose
  console, uncaught errors, requests and websocket frames land in ``page_log``.

Without Chromium the tests are skipped, except on CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from sitetracker import tenancy
from sitetracker.db import connect, database
from sitetracker.models import Organization, Site, User

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "pages"
BUILD = ROOT / "server" / "sitetracker" / "static" / "build"
FRONTEND_SOURCES = [ROOT / "build.mjs", ROOT / "package-lock.json", *ROOT.glob("widget/src/*.js")]
CHROMIUM = os.environ.get("SITETRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP *.test 127.0.0.1",
]
STARTUP_SECONDS = 30
STOP_SECONDS = 5
SHOP = "shop-a.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unavailable(reason: str) -> None:
    """Fail on CI, where a missing browser or build is a broken pipeline; else skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# -- the widget build ---------------------------------------------------------------

@pytest.fixture(scope="session")
def widget_build() -> Path:
    """The built widget.js (``npm run build``, as ``./run test`` does first), newer
    than its sources: the tests would otherwise exercise stale code."""
    script = BUILD / "widget.js"
    if not script.exists():
        pytest.fail(f"{script.relative_to(ROOT)} is missing: run npm run build", pytrace=False)
    stale = [p for p in FRONTEND_SOURCES if p.stat().st_mtime > script.stat().st_mtime]
    if stale:
        pytest.fail(
            f"{script.relative_to(ROOT)} is older than {stale[0].relative_to(ROOT)}: "
            "run npm run build",
            pytrace=False,
        )
    return script


# -- the server -----------------------------------------------------------------------

@dataclass
class LiveServer:
    """A running ``sitetracker serve``; its database is also open in this process."""

    url: str
    port: int
    database_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """``GET url + path``: status, headers and body, without raising on errors."""
        try:
            with urllib.request.urlopen(self.url_from_here(path), timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def url_from_here(self, path: str) -> str:
        """``path`` on this server as this process reaches it (no *.test resolution)."""
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self) -> str:
        """The end of the server's output."""
        return self.log_path.read_text(errors="replace")[-4000:]

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn`` (a ``tenancy`` operation, a query) on the server's database."""
        with database.connection_context():
            return fn(*args, **kwargs)

    def create_site(
        self,
        domains: list[str] | None = None,
        name: str = "Shop A",
        organization: Organization | None = None,
    ) -> Site:
        """A site (in a new organization unless given one) for ``domains``."""

        def create() -> Site:
            org = organization or tenancy.create_organization(f"{name} owners")
            return tenancy.create_site(org, name, domains or [SHOP])

        return self.run(create)

    def add_member(self, email: str, role: str, password: str, **scope: Any) -> User:
        """A person with ``role`` on ``organization=`` or ``site=``."""
        user, _ = self.run(tenancy.add_member, email, role, password=password, **scope)
        return user


def _wait_until_healthy(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            status, _, _ = server.get("/healthz")
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the server did not start:\n{server.log()}", pytrace=False)
        time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def live_server(tmp_path: Path, database_url: str, widget_build: Path) -> Iterator[LiveServer]:
    """The real server, as operators run it, on the test's database."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    env.update(
        SITETRACKER_DATA_DIR=str(tmp_path),
        SITETRACKER_DATABASE_URL=database_url,
        SITETRACKER_BASE_URL=f"http://st.test:{port}",
        SITETRACKER_LOG_LEVEL="WARNING",
    )
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "sitetracker", "serve", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://st.test:{port}", port, database_url, process, log_path)
    try:
        _wait_until_healthy(server)  # the server has migrated the database by now
        connect(database_url)
        yield server
    finally:
        _stop(process)
        if not database.is_closed():
            database.close()


# -- the storefront pages ---------------------------------------------------------------

class _PageHandler(SimpleHTTPRequestHandler):
    """Serves tests/browser/pages, filling ``{{NAME}}`` from the query string, then
    from the storefront's defaults."""

    defaults: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        parts = urlsplit(self.path)
        if parts.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        page = (PAGES / parts.path.lstrip("/")).resolve()
        if page.parent != PAGES.resolve() or page.suffix != ".html" or not page.is_file():
            self.send_error(404)
            return
        values = {**self.defaults, **dict(parse_qsl(parts.query))}
        text = re.sub(
            r"\{\{(\w+)\}\}",
            lambda m: html.escape(values.get(m.group(1), m.group(0))),
            page.read_text(),
        )
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Storefront:
    """The test pages, reachable on any ``*.test`` host at ``port``."""

    port: int
    defaults: dict[str, str]

    def url(self, page: str, host: str = SHOP, **values: str) -> str:
        """``http://<host>:<port>/<page>``; ``values`` override the page's placeholders."""
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items())
        return f"http://{host}:{self.port}/{page}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
def _pages_server() -> Iterator[ThreadingHTTPServer]:
    handler = type("PageHandler", (_PageHandler,), {"defaults": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(live_server: LiveServer) -> Site:
    """A site of the live server for the domain shop-a.test."""
    return live_server.create_site([SHOP])


@pytest.fixture
def storefront(_pages_server: ThreadingHTTPServer, live_server: LiveServer, site: Site
               ) -> Iterator[Storefront]:
    """The pages, with the widget of ``site`` on ``live_server`` unless told otherwise."""
    defaults: dict[str, str] = _pages_server.RequestHandlerClass.defaults
    defaults.clear()
    defaults.update(SERVER=live_server.url, SITE_KEY=site.public_key)
    yield Storefront(_pages_server.server_address[1], defaults)
    defaults.clear()


# -- the browser ----------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium, headless, with ``*.test`` resolving to this machine."""
    if not Path(CHROMIUM).is_file():
        unavailable(f"no Chromium at {CHROMIUM} (set SITETRACKER_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


NETWORK_ERROR = re.compile(r"^(Failed to load resource|WebSocket connection to .* failed)")
SOCKET_IO_EVENT = re.compile(r"^42(/[^,]*)?,(.*)$", re.S)


@dataclass
class PageLog:
    """What a page did: console output, uncaught errors, requests, websocket traffic."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)  # uncaught in the page
    network_errors: list[str] = field(default_factory=list)  # console lines about network
    requests: list[dict[str, Any]] = field(default_factory=list)  # method, url, type, body
    websockets: list[str] = field(default_factory=list)  # URLs opened
    frames_sent: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Uncaught errors and console errors, except the browser's network reports."""
        return self.page_errors + [text for kind, text in self.console if kind == "error"]

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self.console if kind == "warning"]

    def requests_to(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if urlsplit(r["url"]).path == path]

    def socket_events(self, name: str = "ev") -> list[Any]:
        """The payloads of Socket.IO events ``name`` that the page sent."""
        found = []
        for frame in self.frames_sent:
            match = SOCKET_IO_EVENT.match(frame)
            if match:
                event, *args = json.loads(match.group(2))
                if event == name:
                    found.append(args[0] if args else None)
        return found

    def sent_events(self) -> list[dict[str, Any]]:
        """Every tracking event sent over the socket, in order, batches flattened."""
        events: list[dict[str, Any]] = []
        for payload in self.socket_events("ev"):
            events.extend(payload if isinstance(payload, list) else [payload])
        return events


@pytest.fixture
def context(browser: Any, storefront: Storefront) -> Iterator[Any]:
    """A fresh browser profile (storage, cookies) for one test; closed before the server."""
    instance = browser.new_context()
    yield instance
    instance.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(context: Any, page_log: PageLog) -> Any:
    """A page whose activity is recorded in ``page_log``."""
    instance = context.new_page()
    record_page(instance, page_log)
    return instance


def record_page(page: Any, log: PageLog) -> None:
    """Record ``page``'s console, errors, requests and websocket frames in ``log``."""

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and NETWORK_ERROR.match(text):
            log.network_errors.append(text)
        else:
            log.console.append((message.type, text))

    def on_request(request: Any) -> None:
        log.requests.append({
            "method": request.method,
            "url": request.url,
            "type": request.resource_type,
            "body": request.post_data,
            "headers": request.headers,
        })

    def on_websocket(ws: Any) -> None:
        log.websockets.append(ws.url)
        ws.on("framesent", lambda payload: log.frames_sent.append(
            payload if isinstance(payload, str) else payload.decode(errors="replace")))

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on("request", on_request)
    page.on("websocket", on_websocket)


# -- reading the widget from the page ---------------------------------------------------

@dataclass
class WidgetProbe:
    """Reads the widget in ``page``: its debug state, and what it sent."""

    page: Any
    log: PageLog

    def debug(self) -> dict[str, Any] | None:
        """``sitetracker("debug")`` (widget/src/state.js), or None before it loaded."""
        return self.page.evaluate(
            "typeof window.sitetracker?.track == 'function' ? sitetracker('debug') : null"
        )

    def wait_connected(self, timeout: float = 10_000) -> dict[str, Any]:
        self.page.wait_for_function(
            "typeof window.sitetracker?.track == 'function' && sitetracker('debug').connected",
            timeout=timeout,
        )
        return self.debug() or {}

    def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0,
                 what: str = "the condition") -> Any:
        """Poll ``condition`` (on ``page_log``, say) until it is truthy. Playwright
        delivers the page's events while it waits, hence ``wait_for_timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.page.wait_for_timeout(50)


@pytest.fixture
def widget(page: Any, page_log: PageLog) -> WidgetProbe:
    return WidgetProbe(page, page_log)
