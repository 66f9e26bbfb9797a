"""The command line's serve and db commands (cli/server.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from sitetracker import db

from .. import servers


def test_db_upgrade_applies_migrations_then_says_up_to_date(invoke, database_url):
    from ..conftest import drop_all_tables

    db.connect(database_url)  # on its own, before any other test of the command line
    drop_all_tables()  # an empty database (MySQL runs reuse one per worker)
    first = invoke("db", "upgrade")
    second = invoke("db", "upgrade")

    assert first.exit_code == 0, first.output
    assert "applied 0001 initial" in first.output
    assert second.exit_code == 0
    assert "up to date" in second.output
    assert "applied" not in second.output


def test_serve_reports_a_port_in_use(invoke):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = invoke("serve", "--port", str(port), SITETRACKER_ASYNC_MODE="threading")

    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sitetracker_command(how: str) -> list[str]:
    if how == "-m":
        return [sys.executable, "-m", "sitetracker"]
    script = Path(sys.executable).with_name("sitetracker")
    if not script.exists():
        pytest.skip("the sitetracker console script is not installed beside this Python")
    return [str(script)]


@pytest.mark.parametrize("how", ["console script", "-m"])
def test_serve_answers_healthz_and_stops_on_sigterm(tmp_path, database_url, how):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    env.update(
        SITETRACKER_DATA_DIR=str(tmp_path / "data"),
        SITETRACKER_DATABASE_URL=database_url,
        SITETRACKER_LOG_LEVEL="INFO",
    )
    log_path = tmp_path / "serve.log"
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [*sitetracker_command(how), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    statuses: list[int] = []

    def answered() -> bool:
        try:
            with no_proxy.open(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                statuses.append(answer.status)
                return True
        except OSError:
            return False

    try:
        try:
            servers.wait_ready(server, answered, log_path)
        except RuntimeError as exc:
            pytest.fail(f"{exc}\n{log_path.read_text()}")
        assert statuses == [200], log_path.read_text()

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0, log_path.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    output = log_path.read_text()
    assert f"SiteTracker listening on http://127.0.0.1:{port} (database: " in output
    assert "SiteTracker stopped" in output
    assert "Eventlet is deprecated" not in output
    assert "Traceback" not in output
