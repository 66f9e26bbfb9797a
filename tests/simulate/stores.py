"""A real server with a store to simulate shoppers against (two sites: one for
shoppers, one that only bots visit), and its live figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from sitetracker import migrations, tenancy
from sitetracker.db import connect, database

from ..servers import Server, running_server

ORIGIN = "https://demo.sitetracker.test"


@dataclass
class Store:
    server: Server
    key: str
    bot_key: str  # a second site that only bots visit
    token: str

    def live(self, key: str | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        answer: dict[str, Any] = self.server.get(f"/api/sites/{key or self.key}/live", headers)
        return answer


@pytest.fixture
def store(tmp_path: Any, database_url: str) -> Iterator[Store]:
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Simulated Stores")
        site = tenancy.create_site(org, "Demo Shop", ["demo.sitetracker.test"])
        bot_site = tenancy.create_site(org, "Crawled Shop", ["demo.sitetracker.test"])
        owner, _ = tenancy.add_member("owner@stores.test", "owner", organization=org,
                                      password="correct horse battery")
        token, _ = tenancy.create_api_token(owner, "simulator test")
    # X-Forwarded-For is believed behind one proxy; a short beacon window lets shoppers
    # seen only by beacon leave the board within the test's patience.
    with running_server(tmp_path, database_url, trusted_proxies="1",
                        live_window="10") as server:
        yield Store(server, site.public_key, bot_site.public_key, token)
