"""What the browser tests drive: the real server in a subprocess, a static server for
the storefront pages, and recorders of what a page did and what the widget knows.
The fixtures in conftest.py put these together."""

from __future__ import annotations

import html
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from sitetracker import tenancy
from sitetracker.db import database
from sitetracker.models import Organization, Site, User

from .. import servers

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "pages"
WIDGET = ROOT / "server" / "sitetracker" / "static" / "build" / "widget.js"
WIDGET_SOURCES = [ROOT / "package-lock.json", *ROOT.glob("widget/src/*.js")]
BUILD = ROOT / "server" / "sitetracker" / "static" / "build"
DASHBOARD_BUILT = [BUILD / name for name in ("board.js", "overview.js", "overview-map.js",
                                              "board.css", "world.json")]
DASHBOARD_SOURCES = [ROOT / "build.mjs", ROOT / "package-lock.json",
                     *ROOT.glob("dashboard/src/**/*.js"), *ROOT.glob("dashboard/src/*.css"),
                     *ROOT.glob("shared/src/**/*.js")]
SHOP = "shop-a.test"
free_port = servers.free_port


# -- the server -----------------------------------------------------------------------

@dataclass
class LiveServer:
    """A running ``sitetracker serve``, known to browsers as ``http://st.test:<port>``;
    its database is open in this process too."""

    url: str
    port: int
    database_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @classmethod
    def start(cls, data_dir: Path, database_url: str, **settings: str) -> LiveServer:
        """The server known to browsers as ``http://st.test:<port>``, with ``settings``
        as its ``SITETRACKER_<NAME>`` variables; returns once /healthz answers (so the
        database is migrated)."""
        server = servers.launch(data_dir, database_url, public_host="st.test", **settings)
        return cls(f"http://st.test:{server.port}", server.port, database_url,
                   server.process, server.log_path)

    def stop(self) -> None:
        servers.stop(self.process)

    def healthy(self) -> bool:
        try:
            return self.get("/healthz")[0] == 200
        except OSError:
            return False

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """``GET path`` from this process: status, headers, body (errors included)."""
        return self.get_with(path, {})

    def get_with(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """The same with request headers (a signed-in browser's cookies, say)."""
        request = urllib.request.Request(self.url_from_here(path), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def url_from_here(self, path: str) -> str:
        """``path`` on this server as this process reaches it (no *.test names here)."""
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self) -> str:
        """The end of the server's output."""
        return self.log_path.read_text(errors="replace")[-4000:]

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn`` (a ``tenancy`` operation, a query) on the server's database."""
        with database.connection_context():
            return fn(*args, **kwargs)

    def create_site(self, domains: list[str] | None = None, name: str = "Shop A",
                    organization: Organization | None = None) -> Site:
        """A site for ``domains``, in a new organization unless given one."""

        def create() -> Site:
            org = organization or tenancy.create_organization(f"{name} owners")
            return tenancy.create_site(org, name, domains or [SHOP])

        return self.run(create)

    def add_member(self, email: str, role: str, password: str, **scope: Any) -> User:
        """A person with ``role`` on ``organization=`` or ``site=``."""
        user, _ = self.run(tenancy.add_member, email, role, password=password, **scope)
        return user


# -- the storefront pages ---------------------------------------------------------------

class _PageHandler(BaseHTTPRequestHandler):
    """Serves tests/browser/pages/*.html with ``{{NAME}}`` filled in from the query
    string, else from ``defaults``."""

    defaults: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        parts = urlsplit(self.path)
        page = (PAGES / parts.path.lstrip("/")).resolve()
        if page.parent != PAGES.resolve() or page.suffix != ".html" or not page.is_file():
            self.send_response(404 if parts.path != "/favicon.ico" else 204)
            self.end_headers()
            return
        values = {**self.defaults, **dict(parse_qsl(parts.query))}
        body = re.sub(
            r"\{\{(\w+)\}\}",
            lambda m: html.escape(values.get(m.group(1), m.group(0))),
            page.read_text(),
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class PagesServer:
    """The pages on a free port of this machine, in a thread."""

    def __init__(self) -> None:
        self.defaults: dict[str, str] = {}
        handler = type("PageHandler", (_PageHandler,), {"defaults": self.defaults})
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = int(self.http.server_address[1])
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@dataclass
class Storefront:
    """The test pages, reachable on any ``*.test`` host."""

    port: int

    def url(self, page: str, host: str = SHOP, **values: str) -> str:
        """``http://<host>:<port>/<page>``; ``values`` override the page's placeholders."""
        query = "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items())
        return f"http://{host}:{self.port}/{page}" + (f"?{query}" if query else "")


# -- what a page did ----------------------------------------------------------------------

NETWORK_ERROR = re.compile(r"^(Failed to load resource|WebSocket connection to .* failed)")
# 42<namespace>,<ack id>[event, ...args]: the ack id when the page wants an answer.
SOCKET_IO_EVENT = re.compile(r"^42(/[^,]*)?,\d*(.*)$", re.S)


@dataclass
class PageLog:
    """What a page did: console output, uncaught errors, requests, websocket traffic."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)  # uncaught in the page
    network_errors: list[str] = field(default_factory=list)  # the browser's reports
    requests: list[dict[str, Any]] = field(default_factory=list)  # beacons too, while open
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

    def socket_events(self, name: str) -> list[Any]:
        """The first argument of every Socket.IO event ``name`` that the page emitted."""
        found = []
        for frame in self.frames_sent:
            match = SOCKET_IO_EVENT.match(frame)
            if match:
                event, *args = json.loads(match.group(2))
                if event == name:
                    found.append(args[0] if args else None)
        return found

    def sent_events(self) -> list[dict[str, Any]]:
        """Every tracking event sent over the socket, in order, batches flattened, each
        without its id (checked by :func:`without_id`)."""
        events: list[dict[str, Any]] = []
        for payload in self.socket_events("ev"):
            events.extend(payload if isinstance(payload, list) else [payload])
        return [without_id(event) for event in events]

    def record(self, page: Any) -> None:
        """Record ``page``'s console, errors, requests and websocket frames here."""

        def on_console(message: Any) -> None:
            if message.type == "error" and NETWORK_ERROR.match(message.text):
                self.network_errors.append(message.text)
            else:
                self.console.append((message.type, message.text))

        def on_request(request: Any) -> None:
            self.requests.append({
                "method": request.method,
                "url": request.url,
                "type": request.resource_type,
                "body": _beacon_without_ids(request.post_data),
                "headers": request.headers,
            })

        def on_frame(payload: str | bytes) -> None:
            self.frames_sent.append(payload if isinstance(payload, str) else payload.decode())

        def on_websocket(ws: Any) -> None:
            self.websockets.append(ws.url)
            ws.on("framesent", on_frame)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", on_request)
        page.on("websocket", on_websocket)


EVENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


def without_id(event: dict[str, Any]) -> dict[str, Any]:
    """``event`` without its id (docs/protocol.md), which must be there and valid."""
    event = dict(event)
    event_id = event.pop("i", None)
    assert isinstance(event_id, str) and EVENT_ID.match(event_id), event
    return event


def _beacon_without_ids(body: str | None) -> str | None:
    """A beacon's body with its events' ids taken out, so tests compare the events
    themselves (a test's own requests may carry none; the widget's always do)."""
    try:
        data = json.loads(body or "")
    except ValueError:
        return body
    if not isinstance(data, dict) or "ev" not in data:
        return body
    events = data["ev"] if isinstance(data["ev"], list) else [data["ev"]]
    data["ev"] = [without_id(e) if isinstance(e, dict) and "i" in e else e for e in events]
    return json.dumps(data)


# -- what the widget knows ------------------------------------------------------------------

LOADED = "typeof window.sitetracker?.track == 'function'"


@dataclass
class WidgetProbe:
    """Reads the widget in ``page`` through ``sitetracker("debug")`` (state.js)."""

    page: Any
    log: PageLog

    def debug(self) -> dict[str, Any] | None:
        """The widget's state, or None before it loaded."""
        return self.page.evaluate(f"{LOADED} ? sitetracker('debug') : null")

    def wait_loaded(self, timeout: float = 10_000) -> None:
        self.page.wait_for_function(LOADED, timeout=timeout)

    def wait_connected(self, timeout: float = 10_000) -> dict[str, Any]:
        self.page.wait_for_function(f"{LOADED} && sitetracker('debug').connected",
                                    timeout=timeout)
        return self.debug() or {}

    def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0,
                 what: str = "the condition") -> Any:
        """Poll ``condition`` (on the page log, say) until truthy, and return it.
        Playwright delivers the page's events while it waits, hence wait_for_timeout."""
        deadline = time.monotonic() + timeout
        while not (result := condition()):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.page.wait_for_timeout(50)
        return result
