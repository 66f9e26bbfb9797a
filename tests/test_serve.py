"""Serving the app (serve.py): the listening line, file limits."""

from __future__ import annotations

import http.client
import resource
import signal

from sitetracker import serve
from sitetracker.config import load_settings

from .commands import Invoke, cli_env, invoke  # noqa: F401  (fixtures)
from .servers import launch, stop


def test_listening_line_names_the_database_and_hides_the_redis_password(tmp_path):
    settings = load_settings({"data_dir": tmp_path, "database_url": "mysql://u:p@db/st",
                              "redis_url": "redis://:hunter2@cache:6379/0"}, environ={})

    line = serve.listening_line(settings, "::", 8001)

    assert line == ("SiteTracker listening on http://[::]:8001 (database: mysql, "
                    "workers' message queue: redis://:***@cache:6379/0)")


def test_open_file_limit_is_raised_to_the_hard_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 256), hard))

        assert serve.raise_open_file_limit(16) == hard
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_stop_does_not_wait_for_an_idle_keep_alive_connection(tmp_path):
    # The grace is for requests being answered; a browser's idle keep-alive connection
    # would otherwise hold every stop for the whole grace (here ten minutes).
    database_url = f"sqlite:///{tmp_path / 'serve.db'}"
    server = launch(tmp_path, database_url, shutdown_grace="600")
    idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        idle.request("GET", "/healthz")
        assert idle.getresponse().status == 200  # answered, and the connection kept
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(60) == 0
    finally:
        idle.close()
        stop(server.process)
