"""Real SiteTracker servers for system and browser tests: ``python -m sitetracker serve``
as a subprocess on a free port, with eventlet, exactly as operators run it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# A starting server is waited on for as long as it is alive and making progress (using
# CPU or writing its log), so a loaded machine only makes the wait longer. It is given up
# on after STALL_SECONDS without progress (a migration waits up to 120 s for another
# worker's lock), and the ceiling only keeps a wedged start from hanging the suite.
STALL_SECONDS = 300
CEILING_SECONDS = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        request = urllib.request.Request(self.url + path, headers=headers or {})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def get_json_any(self, path: str) -> Any:
        """The JSON body of ``path`` whatever its status (a 503 says what is wrong)."""
        try:
            return self.get(path)
        except urllib.error.HTTPError as exc:
            return json.loads(exc.read())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def rss_kib(self) -> int:
        """Resident memory of the server process."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def launch(tmp: Path, database_url: str, public_host: str = "127.0.0.1",
           **settings: str) -> Server:
    """Start ``python -m sitetracker serve`` on a free port, known to browsers as
    ``http://<public_host>:<port>``; return once /healthz answers (so the database is
    migrated), or raise RuntimeError with its output."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    env.update({
        "SITETRACKER_DATA_DIR": str(tmp),
        "SITETRACKER_DATABASE_URL": database_url,
        "SITETRACKER_LOG_LEVEL": "WARNING",
        "SITETRACKER_BASE_URL": f"http://{public_host}:{port}",
    })
    env.update({f"SITETRACKER_{k.upper()}": v for k, v in settings.items()})
    log_path = tmp / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "sitetracker", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", port, process, log_path)

    def healthy() -> bool:
        try:
            server.get("/healthz")
            return True
        except urllib.error.HTTPError:
            return True  # up (and migrated), though something it needs is not
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    try:
        wait_ready(process, healthy, log_path)
    except RuntimeError as exc:
        stop(process)
        raise RuntimeError(f"{exc}:\n{server.log()}") from None
    return server


def cpu_ticks(pid: int) -> int:
    """CPU time the process has used so far (user + system, in clock ticks)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return -1
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def wait_ready(process: subprocess.Popen[bytes], ready: Callable[[], bool],
               log_path: Path | None = None) -> None:
    """Return once ``ready()``; raise RuntimeError if the process exits, stops making
    progress for STALL_SECONDS, or is still not ready after CEILING_SECONDS."""
    started = last_progress = time.monotonic()
    seen: tuple[int, int] | None = None
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        now = time.monotonic()
        size = log_path.stat().st_size if log_path and log_path.exists() else 0
        progress = (cpu_ticks(process.pid), size)
        if progress != seen:
            seen, last_progress = progress, now
        if now - last_progress > STALL_SECONDS:
            raise RuntimeError(f"the server made no progress for {STALL_SECONDS} s")
        if now - started > CEILING_SECONDS:
            raise RuntimeError(f"the server was not ready after {CEILING_SECONDS} s")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the server flushes and exits), then SIGKILL if it takes too long."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_server(tmp: Path, database_url: str, **settings: str) -> Iterator[Server]:
    """A server for the length of a ``with`` block."""
    server = launch(tmp, database_url, **settings)
    try:
        yield server
    finally:
        stop(server.process)


@dataclass
class RedisServer:
    """A redis-server of the test's own (free port, own directory, nothing saved), to
    kill, restart, freeze and thaw without touching the shared one."""

    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(self.process, self.answers)
        except RuntimeError as exc:
            raise RuntimeError(f"redis-server did not start: {exc}") from None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@contextmanager
def own_redis(tmp: Path) -> Iterator[RedisServer]:
    """A :class:`RedisServer` for the length of a ``with`` block."""
    directory = tmp / "redis"
    directory.mkdir(exist_ok=True)
    server = RedisServer(free_port(), directory)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.thaw()
        server.kill()


def wait_for(predicate, seconds=20.0):
    """The predicate's first true value, asked every 0.2 s for up to ``seconds`` (then its
    last answer, for the assertion to show)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()
