"""What the fault suite needs: a counted load of shoppers that retries as the widget
does, a MariaDB of the test's own (to freeze, kill or make read-only), and the table of
what was sent, acknowledged, stored and lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ..servers import Server, free_port

ORIGIN = "https://shop-a.test"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")
RETRY_PAUSE = 0.3  # the widget waits Retry-After; the suite keeps its minutes short
GIVE_UP = 90.0  # seconds a commerce event is retried before the load gives up on it


def post(url: str, body: dict[str, Any], timeout: float = 15.0) -> int:
    """POST a beacon; the HTTP status, or 0 when the server did not answer."""
    request = urllib.request.Request(
        url + "/api/collect", data=json.dumps(body).encode(), method="POST",
        headers={"Origin": ORIGIN, "User-Agent": CHROME, "Content-Type": "text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return 0


def health(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, OSError):
        return 0


def wait_for(predicate: Any, seconds: float = 60.0, every: float = 0.1) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


@dataclass
class Load:
    """Shoppers sending page views, purchases (distinct order ids), payment errors and
    pay_now triples through ``/api/collect`` of whichever server ``url`` names now.

    Page views are sent once (the widget does not resend them); commerce events are
    sent again on 503 or while no server answers, until acknowledged (202)."""

    key: str
    url: str
    name: str
    sent: Counter[str] = field(default_factory=Counter)
    acked: Counter[str] = field(default_factory=Counter)
    orders: list[str] = field(default_factory=list)  # acknowledged order ids
    errors: list[str] = field(default_factory=list)  # acknowledged payment error codes
    triples: list[str] = field(default_factory=list)  # visitors whose 3 pay_now were acked
    # ...of which two servers acknowledged the presses (the server was restarted between
    # them): their alert needs the rule windows restored at start.
    spanning: list[str] = field(default_factory=list)
    refused: int = 0  # 503 answers seen
    pageviews_by: Counter[str] = field(default_factory=Counter)  # acknowledged, per server
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _n: int = 0

    def body(self, visitor: str, event: dict[str, Any]) -> dict[str, Any]:
        return {"k": self.key, "v": visitor, "s": "s-" + visitor, "ret": 0, "ev": [event]}

    def pageview(self) -> None:
        self._n += 1
        self.sent["pageviews"] += 1
        visitor = f"pv{self._n % 20:06d}-shopper"
        url = self.url
        status = post(url, self.body(visitor, {"n": "pageview",
                                               "u": f"{ORIGIN}/p/{self._n % 7}"}))
        if status == 202:
            self.acked["pageviews"] += 1
            self.pageviews_by[url] += 1

    def until_acked(self, visitor: str, event: dict[str, Any]) -> str | None:
        """Send until acknowledged; the URL of the server that did, or None."""
        deadline = time.monotonic() + GIVE_UP
        while time.monotonic() < deadline:
            url = self.url
            status = post(url, self.body(visitor, event))
            if status == 202:
                return url
            if status == 503:
                self.refused += 1
            time.sleep(RETRY_PAUSE)
        return None

    def purchase(self) -> None:
        order = f"{self.name}-{self._n}"
        self.sent["purchases"] += 1
        event = {"n": "purchase", "p": {"order_id": order, "value": 10.0, "currency": "EUR"}}
        if self.until_acked(f"buyer{self._n:05d}-shopper", event):
            self.acked["purchases"] += 1
            self.orders.append(order)

    def payment_error(self) -> None:
        code = f"e{self._n}"
        self.sent["payment_errors"] += 1
        event = {"n": "payment_error", "p": {"code": code, "message": "declined"}}
        if self.until_acked(f"payer{self._n:05d}-shopper", event):
            self.acked["payment_errors"] += 1
            self.errors.append(code)

    def pay_now_triple(self) -> None:
        visitor = f"t{self._n:07d}-trouble"  # the alert names its first 8 characters
        self.sent["pay_now_triples"] += 1
        servers = [self.until_acked(visitor, {"n": "pay_now"}) for _ in range(3)]
        if all(servers):
            self.acked["pay_now_triples"] += 1
            self.triples.append(visitor[:8])
            if len(set(servers)) > 1:
                self.spanning.append(visitor[:8])

    def step(self) -> None:
        self.pageview()
        if self._n % 5 == 0:
            self.purchase()
        if self._n % 7 == 0:
            self.payment_error()
        if self._n % 11 == 0:
            self.pay_now_triple()

    def run(self, steps: int) -> None:
        for _ in range(steps):
            self.step()

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                self.step()
                time.sleep(0.02)

        self._stop.clear()
        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(GIVE_UP + 30)
            assert not self._thread.is_alive(), "the load did not finish"


def observe_unhealthy(url: str, seconds: float = 30.0) -> bool:
    """True once /healthz answers 503 (within a bounded wait)."""
    return bool(wait_for(lambda: health(url) == 503, seconds))


def time_to_healthy(url: str, seconds: float = 60.0) -> float | None:
    """Seconds until /healthz answers 200 (None if it never did within ``seconds``)."""
    started = time.monotonic()
    if wait_for(lambda: health(url) == 200, seconds):
        return round(time.monotonic() - started, 2)
    return None


# -- the report -------------------------------------------------------------------------
REPORT: dict[str, dict[str, Any]] = {}


def record(fault: str, row: dict[str, Any]) -> None:
    """Keep a fault's figures; printed, and written to $SITETRACKER_FAULT_REPORT."""
    REPORT[fault] = row
    print(f"\n[fault] {fault}: {json.dumps(row)}")
    path = os.environ.get("SITETRACKER_FAULT_REPORT")
    if path:
        Path(path).write_text(json.dumps(REPORT, indent=2, sort_keys=True) + "\n")


# -- a MariaDB of our own ---------------------------------------------------------------
def must_or_skip(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class MariaDB:
    """``mariadbd`` on a free port with its own data directory: ours to freeze, kill
    and make read-only. The server connects as ``tracker``, who has no SUPER privilege
    (root would write through ``read_only``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.datadir = directory / "data"
        self.socket = directory / "mysqld.sock"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def install(self) -> None:
        if not shutil.which("mariadb-install-db") or not Path("/usr/sbin/mariadbd").exists():
            must_or_skip("mariadbd / mariadb-install-db are not installed")
        done = subprocess.run(
            ["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}",
             "--user=" + os.environ.get("USER", "root"), "--auth-root-authentication-method=normal",
             "--skip-test-db"],
            capture_output=True, timeout=120)
        if done.returncode != 0:
            must_or_skip(f"mariadb-install-db failed: {done.stderr.decode()[-500:]}")

    def start(self) -> None:
        log = open(self.directory / "mariadbd.log", "ab")  # noqa: SIM115 - the child keeps it
        self.process = subprocess.Popen(
            ["/usr/sbin/mariadbd", "--no-defaults", f"--datadir={self.datadir}",
             f"--port={self.port}", "--bind-address=127.0.0.1", f"--socket={self.socket}",
             "--user=root", "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
             "--innodb-log-file-size=16M", "--skip-log-bin", "--max-connections=200"],
            stdout=log, stderr=subprocess.STDOUT)
        if not wait_for(self.answers, 60, 0.2):
            self.kill()
            must_or_skip("our own mariadbd did not start: "
                         + (self.directory / "mariadbd.log").read_text()[-800:])

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                pass
            self.root().close()
            return True
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def root(self) -> Any:
        import pymysql

        return pymysql.connect(unix_socket=str(self.socket), user="root", autocommit=True,
                               connect_timeout=3, read_timeout=10)

    def sql(self, *statements: str) -> None:
        connection = self.root()
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()

    def database(self, name: str) -> str:
        """A fresh database for the server, as a URL for the unprivileged user."""
        self.sql(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}",
                 "CREATE USER IF NOT EXISTS tracker@'%' IDENTIFIED BY 'tracker'",
                 f"GRANT ALL ON {name}.* TO tracker@'%'")
        return f"mysql://tracker:tracker@127.0.0.1:{self.port}/{name}"

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(30)
        self.process = None


def kill_9(server: Server) -> None:
    server.process.kill()
    server.process.wait(30)
