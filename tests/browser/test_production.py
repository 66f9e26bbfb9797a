"""The production topology, for real: Debian's nginx terminating TLS (HTTP/2, the
deployment's own site file from ``deploy/``) in front of two ``sitetracker serve``
workers on MariaDB and Redis, trusting one proxy; a headless Chromium that trusts the
test's certificate opens a storefront on https://shop.test (the widget over wss://) and
an admin page on https://admin.test (the overlay), and the whole commerce and
messaging flow runs through it.

Every address here is on this machine's loopback, so to tell "the browser's address"
from "nginx's address" the test's nginx takes the client's address from a test-only
header (its realip module): to the workers, the shopper is at :data:`BROWSER_IP` as
nginx saw it, while their connections come from nginx at 127.0.0.1. The shopper's
browser also sends a forged ``X-Forwarded-For`` (:data:`FORGED_IP`), which the workers,
trusting exactly one proxy, must ignore. Neither address is stored: the workers turn
it into a place (Stockholm), which the admin's emergency shows.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest
from prometheus_client.parser import text_string_to_metric_families

from sitetracker import tenancy
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.db import connect, database

from .. import servers
from ..conftest import REDIS_URL, TEST_DB_URL, _mysql_admin, redis_or_skip
from .conftest import CHROMIUM, CHROMIUM_ARGS
from .harness import ROOT, PageLog, PagesServer, WidgetProbe
from .test_overlay import USER_AGENT

DEPLOY = ROOT / "deploy" / "nginx-sitetracker.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TRACKER, SHOP, ADMIN = "tracker.test", "shop.test", "admin.test"
BROWSER_IP = "89.160.20.112"  # Stockholm, Sweden in the packaged GeoLite2 database
FORGED_IP = "175.16.199.1"  # Changchun, China
CLIENT_HEADER = "X-Test-Client-Address"
OVERLAY, CHAT = "sitetracker-overlay", "sitetracker-chat"
NEWS = "Free shipping tonight: code NIGHTOWL"
CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    if CI:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


# -- a certificate for the test hostnames ----------------------------------------------

@dataclass
class Certificate:
    ca: Path
    chain: Path  # the server's certificate, then the CA's
    key: Path
    spki_sha256: str  # base64, as Chromium's --ignore-certificate-errors-spki-list wants


def openssl(*args: str, cwd: Path, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, input=stdin, check=True,
                          capture_output=True, timeout=60).stdout


def make_certificate(tmp: Path) -> Certificate:
    """A test CA, and a certificate it signed for the three test hostnames."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=SiteTracker test CA", cwd=tmp)
    openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr",
            "-subj", f"/CN={TRACKER}", cwd=tmp)
    (tmp / "server.ext").write_text(
        f"subjectAltName=DNS:{TRACKER},DNS:{SHOP},DNS:{ADMIN}\n"
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
            cwd=tmp)
    (tmp / "chain.pem").write_bytes((tmp / "server.pem").read_bytes()
                                    + (tmp / "ca.pem").read_bytes())
    public = openssl("x509", "-in", "server.pem", "-pubkey", "-noout", cwd=tmp)
    der = openssl("pkey", "-pubin", "-outform", "der", cwd=tmp, stdin=public)
    spki = base64.b64encode(hashlib.sha256(der).digest()).decode()
    return Certificate(tmp / "ca.pem", tmp / "chain.pem", tmp / "server.key", spki)


# -- nginx with the deployment's site file -----------------------------------------------

def site_config(https_port: int, http_port: int, workers: list[int], cert: Certificate) -> str:
    """deploy/nginx-sitetracker.conf, pointed at this test's ports, names and files."""
    text = DEPLOY.read_text()
    replacements = [
        ("    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n",
         "".join(f"    server 127.0.0.1:{port};\n" for port in workers)),
        ("/etc/letsencrypt/live/track.example.com/fullchain.pem", str(cert.chain)),
        ("/etc/letsencrypt/live/track.example.com/privkey.pem", str(cert.key)),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("track.example.com", TRACKER),
    ]
    for old, new in replacements:
        assert old in text, f"{DEPLOY.name} no longer has {old!r}: update this test"
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    https_port: int
    http_port: int
    process: subprocess.Popen[bytes]
    prefix: Path

    def log(self) -> str:
        return (self.prefix / "error.log").read_text(errors="replace")[-3000:]


def start_nginx(tmp: Path, cert: Certificate, https_port: int, workers: list[int],
                pages_port: int) -> Nginx:
    """nginx in ``tmp`` (its own prefix, pid, logs and temp files), in the foreground."""
    prefix = tmp / "nginx"
    prefix.mkdir()
    http_port = servers.free_port()
    (prefix / "sitetracker.conf").write_text(site_config(https_port, http_port, workers, cert))
    temp = "\n".join(f"    {name}_temp_path {prefix / name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix / "access.log"};
{temp}
    # Test only: the browser's address as a public one (see the module's docstring).
    set_real_ip_from 127.0.0.1;
    real_ip_header {CLIENT_HEADER};

    include {prefix / "sitetracker.conf"};

    # The store and its admin, on https too (the widget's page must be).
    server {{
        listen 127.0.0.1:{https_port} ssl http2;
        server_name {SHOP} {ADMIN};
        ssl_certificate {cert.chain};
        ssl_certificate_key {cert.key};
        location / {{
            proxy_pass http://127.0.0.1:{pages_port};
            proxy_set_header Host $host;
        }}
    }}
}}
""")
    command = [NGINX, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e",
               str(prefix / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    nginx = Nginx(https_port, http_port, process, prefix)

    def accepts() -> bool:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            return True
        except OSError:
            return False

    try:
        servers.wait_ready(process, accepts, prefix / "error.log")
    except RuntimeError as exc:
        servers.stop(process)
        raise RuntimeError(f"nginx did not start ({exc}):\n{nginx.log()}") from None
    return nginx


# -- requests from this process, through nginx -----------------------------------------

def https_request(nginx: Nginx, cert: Certificate, method: str, host: str, path: str,
                  body: bytes | None = None, headers: dict[str, str] | None = None
                  ) -> tuple[int, dict[str, str], bytes]:
    """A request to ``https://<host>`` through the test's nginx, checking its
    certificate against the test CA (the name resolves to 127.0.0.1 here only)."""
    context = ssl.create_default_context(cafile=str(cert.ca))
    connection = http.client.HTTPSConnection(host, nginx.https_port, context=context,
                                             timeout=30)
    connection._create_connection = (  # type: ignore[attr-defined]
        lambda address, *args, **kwargs: socket.create_connection(
            ("127.0.0.1", nginx.https_port), *args, **kwargs))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# -- the servers -------------------------------------------------------------------------

@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """A database of this test's own on the shared MariaDB, dropped afterwards."""
    base = TEST_DB_URL or "mysql://root@127.0.0.1/test"
    parsed = urlparse(base)
    name = f"{parsed.path.strip('/')}_https_{os.getpid()}"
    try:
        admin = _mysql_admin(base)
    except Exception as exc:  # noqa: BLE001 (any failure to connect means: no MariaDB)
        skip_or_fail(f"the production test needs MariaDB at {base}: {exc}")
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        yield urlunparse(parsed._replace(path="/" + name))
    finally:
        if not database.is_closed():
            database.close()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()


@dataclass
class Topology:
    nginx: Nginx
    cert: Certificate
    workers: list[servers.Server]
    pages: PagesServer

    def url(self, host: str, path: str) -> str:
        return f"https://{host}:{self.nginx.https_port}{path}"


@pytest.fixture
def topology(tmp_path: Path, mariadb_url: str, widget_build: Path) -> Iterator[Topology]:
    """nginx on https, two workers on MariaDB and Redis behind it, the store's pages."""
    if not Path(NGINX).is_file():
        skip_or_fail(f"no nginx at {NGINX} (apt-get install nginx-light)")
    if not Path(CHROMIUM).is_file():
        skip_or_fail(f"no Chromium at {CHROMIUM}")
    redis_or_skip()
    cert = make_certificate(tmp_path)
    https_port = servers.free_port()  # the public port, known before the workers start
    shared = {
        "redis_url": REDIS_URL,
        "redis_prefix": "t" + uuid.uuid4().hex[:8],
        "trusted_proxies": "1",
        "secret_key": uuid.uuid4().hex,
    }
    workers: list[servers.Server] = []
    pages = PagesServer()
    nginx = None
    try:
        for _ in range(2):
            workers.append(servers.launch(tmp_path, mariadb_url, **shared,
                                          base_url=f"https://{TRACKER}:{https_port}"))
        nginx = start_nginx(tmp_path, cert, https_port, [w.port for w in workers], pages.port)
        connect(mariadb_url)
        yield Topology(nginx, cert, workers, pages)
    finally:
        if nginx is not None:
            nginx.process.terminate()
            nginx.process.wait(timeout=30)
        for worker in workers:
            servers.stop(worker.process)
        pages.close()


@pytest.fixture
def chromium(browser: Any, topology: Topology) -> Iterator[Any]:
    """Chromium trusting the test's certificate (by its public key's hash, so nothing
    else is trusted that should not be), every ``*.test`` name on this machine; launched
    by the Playwright of the session's ``browser`` (one Playwright per process)."""
    args = [*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={topology.cert.spki_sha256}"]
    instance = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    yield instance
    instance.close()


def open_page(browser: Any, url: str, **context_options: Any) -> Any:
    # A headless browser's own user agent would be counted as a bot, never as a shopper.
    page = browser.new_context(viewport={"width": 1280, "height": 900}, user_agent=USER_AGENT,
                               **context_options).new_page()
    page.log = PageLog()
    page.log.record(page)
    page.goto(url)
    return page


def live_numbers(worker: servers.Server, key: str, token: str) -> Any:
    """The live snapshot as one worker has it (straight to the worker, not via nginx)."""
    return worker.get(f"/api/sites/{key}/live", {"Authorization": f"Bearer {token}"})


def wait_for(condition: Any, what: str, seconds: float = 30.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
    return value


def test_a_store_on_https_behind_nginx_with_two_workers(topology: Topology, chromium: Any
                                                        ) -> None:
    with database.connection_context():
        org = tenancy.create_organization("Northwind")
        site = tenancy.create_site(org, "Northwind", [SHOP])
        owner, _ = tenancy.add_member("owner@northwind.test", "owner", organization=org,
                                      password="a long enough password")
        api_token, _ = tenancy.create_api_token(owner, "test")
    key = site.public_key
    topology.pages.defaults.update(SERVER=topology.url(TRACKER, ""), SITE_KEY=key)
    nginx = topology.nginx

    # nginx answers http with a redirect, and refuses bodies the workers would refuse.
    plain = http.client.HTTPConnection("127.0.0.1", nginx.http_port, timeout=30)
    plain.request("GET", "/widget.js", headers={"Host": TRACKER})
    redirect = plain.getresponse()
    assert redirect.status == 301
    assert redirect.getheader("Location") == f"https://{TRACKER}/widget.js"
    plain.close()
    status, _, _ = https_request(nginx, topology.cert, "POST", TRACKER, "/api/collect",
                                 body=b"x" * (300 * 1024))
    assert status == 413
    status, _, _ = https_request(nginx, topology.cert, "GET", TRACKER, "/metrics",
                                 headers={"Authorization": f"Bearer {api_token}"})
    assert status == 404  # scraped on the workers' own ports only

    # The admin page, on its own https origin, with the overlay connected over wss.
    token = mint_admin_token(site.secret, key, "alice@northwind.test", ttl=3600)
    admin = open_page(chromium, topology.url(ADMIN, f"/admin.html?TOKEN={token}"))
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=30_000)

    # A shopper on the https storefront: the page view counts on both workers.
    shopper = open_page(chromium, topology.url(SHOP, "/shop.html"), extra_http_headers={
        CLIENT_HEADER: BROWSER_IP, "X-Forwarded-For": FORGED_IP})
    WidgetProbe(shopper, shopper.log).wait_connected(timeout=30_000)
    for worker in topology.workers:
        # Live once the page connects; on its page once its page view is counted too.
        snapshot = wait_for(lambda w=worker: (s := live_numbers(w, key, api_token))["users"]
                            == 1 and s["pages"] and s, f"the shopper live on the worker on "
                            f"{worker.port}: {live_numbers(worker, key, api_token)}")
        assert ["/shop.html", 1] in snapshot["pages"]
    for page in (admin, shopper):
        sockets = [url for url in page.log.websockets if "/socket.io/" in url]
        assert sockets and all(url.startswith(f"wss://{TRACKER}:{nginx.https_port}/")
                               for url in sockets), page.log.websockets

    # The cart (added by the page), three "Pay now": an emergency on the admin page, with
    # the place of the browser's address, not nginx's, nor the forged one.
    for _ in range(3):
        shopper.click("#pay")
        shopper.wait_for_timeout(150)
    modal = admin.locator(f"{OVERLAY} .modal")
    modal.wait_for(timeout=30_000)
    facts = modal.text_content() or ""
    assert "Checkout trouble" in facts and "pay_now 3 times" in facts
    assert "89.00" in facts and "1 × trail-runner" in facts
    assert "Stockholm, Sweden" in facts
    assert "China" not in facts

    # A chat both ways.
    modal.get_by_role("button", name="Help this shopper").click()
    chat = admin.locator(f"{OVERLAY} .chat")
    chat.locator(".chip.live").wait_for(timeout=30_000)
    chat.locator("textarea").fill("Hello from Northwind! Is the card refused?")
    chat.locator("textarea").press("Enter")
    bubble = shopper.locator(f"{CHAT} .msg p").first
    bubble.wait_for(timeout=30_000)
    assert bubble.inner_text() == "Hello from Northwind! Is the card refused?"
    shopper.locator(f"{CHAT} textarea").fill("Yes, three times!")
    shopper.locator(f"{CHAT} textarea").press("Enter")
    answer = chat.locator(".msg.shopper p")
    answer.wait_for(timeout=30_000)
    assert answer.inner_text() == "Yes, three times!"

    # A broadcast reaches the shopper.
    admin.locator(f"{OVERLAY} .launcher").click()
    admin.get_by_role("tab", name="Broadcast").click()
    admin.locator(f"{OVERLAY} .sheet textarea").fill(NEWS)
    admin.get_by_role("button", name="Send broadcast").click()
    admin.locator(f"{OVERLAY} .result").wait_for(timeout=30_000)
    assert "Sent to 1 shopper" in admin.locator(f"{OVERLAY} .result").inner_text()
    shopper.locator(f"{CHAT} .banner p").wait_for(timeout=30_000)
    assert shopper.locator(f"{CHAT} .banner p").inner_text() == NEWS

    # The purchase: the sale shows in the admin page's sale window.
    shopper.evaluate("sitetracker('track', 'purchase', "
                     "{order_id: 'A-1001', value: 89, currency: 'EUR'})")
    sale = admin.locator(f"{OVERLAY} .sale-modal .sale-line")
    sale.wait_for(timeout=30_000)
    assert "89.00" in (sale.text_content() or "")

    # Each worker's /metrics: between them, the one shopper and the one admin page.
    sockets = {"shopper": 0.0, "admin": 0.0}
    kept = 0.0
    for worker in topology.workers:
        request = urllib.request.Request(worker.url + "/metrics",
                                         headers={"Authorization": f"Bearer {api_token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == "sitetracker_connected_sockets":
                    sockets[sample.labels["kind"]] += sample.value
                elif sample.name == "sitetracker_events_kept_total":
                    kept += sample.value
    assert sockets == {"shopper": 1, "admin": 1}
    assert kept >= 6  # the page view, the cart, the checkout, three pay_now, the purchase

    for page in (admin, shopper):
        assert page.log.page_errors == [], page.log.page_errors
        assert not [text for text in page.log.network_errors if "ERR_CERT" in text]
    access_log = (nginx.prefix / "access.log").read_text()
    assert "HTTP/2.0" in access_log  # the pages and scripts came over HTTP/2
