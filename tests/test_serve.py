"""Serving the app (serve.py): the listening line, file limits."""

from __future__ import annotations

import resource

from sitetracker import serve
from sitetracker.config import load_settings

from .commands import Invoke, cli_env, invoke  # noqa: F401  (fixtures)


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
