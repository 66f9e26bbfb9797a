"""Running the command line in a test: the test's settings, every other setting unset."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitetracker.cli import cli

Invoke = Callable[..., Result]


def settings_env(app_config: dict[str, Any], base_url: str = "http://localhost"
                 ) -> dict[str, str | None]:
    """The test's database and data dir at ``base_url``; every other SITETRACKER_ setting
    unset."""
    env: dict[str, str | None] = {
        name: None for name in os.environ
        if name.startswith("SITETRACKER_") and not name.startswith("SITETRACKER_TEST_")
    }
    env.update(
        SITETRACKER_DATABASE_URL=app_config["database_url"],
        SITETRACKER_DATA_DIR=app_config["data_dir"],
        SITETRACKER_BASE_URL=base_url,
    )
    return env


@pytest.fixture
def cli_env(app_config: dict[str, Any]) -> dict[str, str | None]:
    """The test's database and data dir; every other SITETRACKER_ setting unset."""
    return settings_env(app_config)


@pytest.fixture
def public_cli_env(app_config: dict[str, Any]) -> dict[str, str | None]:
    """``cli_env`` at the public address https://track.example.com, which the platforms'
    connect commands print; a test module takes it as ``cli_env = commands.public_cli_env``."""
    return settings_env(app_config, "https://track.example.com")


@pytest.fixture
def invoke(cli_env: dict[str, str | None]) -> Invoke:
    def run(*args: str, input: str | None = None, obj: Any = None, **env: str) -> Result:
        return CliRunner().invoke(
            cli, list(args), input=input, obj=obj, env={**cli_env, **env},
            catch_exceptions=False,
        )

    return run
