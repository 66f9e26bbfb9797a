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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STARTUP_SECONDS = 30


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
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            server.get("/healthz")
            return server
        except urllib.error.HTTPError:
            return server  # up (and migrated), though something it needs is not
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"the server did not start:\n{server.log()}") from None
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
