"""The deployment files in deploy/: what the README shows is what ships, and nginx's
limits are the server's."""

from __future__ import annotations

import re

import pytest

from sitetracker.api.webhooks import MAX_WEBHOOK_BYTES
from sitetracker.app import MAX_BODY_BYTES

from .paths import ROOT

DEPLOY = ROOT / "deploy"
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", ["sitetracker@.service", "nginx-sitetracker.conf",
                                  "sitetracker.env"])
def test_the_readme_shows_each_deployment_file_as_it_ships(name):
    assert DEPLOY.joinpath(name).read_text() in README


def sizes(config: str) -> list[int]:
    units = {"k": 1024, "m": 1024 * 1024}
    return [int(n) * units[unit] for n, unit in
            re.findall(r"client_max_body_size (\d+)([km]);", config)]


def test_nginx_refuses_bodies_the_server_would_refuse_and_no_more():
    config = DEPLOY.joinpath("nginx-sitetracker.conf").read_text()
    assert sizes(config) == [MAX_BODY_BYTES, MAX_WEBHOOK_BYTES]


def test_the_unit_runs_the_installed_command_as_the_service_user():
    unit = DEPLOY.joinpath("sitetracker@.service").read_text()
    assert ("ExecStart=/opt/sitetracker/venv/bin/sitetracker serve --host 127.0.0.1 --port %i"
            in unit)
    assert "User=sitetracker" in unit and "EnvironmentFile=/etc/sitetracker/env" in unit
    assert "/opt/sitetracker/venv/bin/pip install" in README
