"""The rescue figures of each site, kept a few seconds (commerce/rescue_figures.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from peewee import OperationalError

from sitetracker.commerce import rescue_figures
from sitetracker.commerce.rescue_figures import FIGURES_TTL, RescueFigures
from sitetracker.domain import SiteInfo


def site(site_id: int) -> SiteInfo:
    return SiteInfo(id=site_id, key=f"key{site_id}", organization_id=1,
                    domains=("shop.test",), timezone="UTC", secret="s")


@pytest.fixture
def monotonic(monkeypatch):
    """The module's monotonic clock, moved by the test (``monotonic.now``)."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(rescue_figures, "time",
                        SimpleNamespace(monotonic=lambda: clock.now))
    return clock


class Reads:
    """The read model: figures numbered by call, or a database that does not answer."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, float]] = []
        self.away = False

    def __call__(self, site: SiteInfo, now: float) -> dict:
        if self.away:
            raise OperationalError("database is locked")
        self.calls.append((site.id, now))
        return {"site": site.id, "read": len(self.calls)}


def test_figures_are_read_once_and_kept_per_site(monotonic):
    reads = Reads()
    figures = RescueFigures(reads)
    assert figures.of(site(1), 100.0) == {"site": 1, "read": 1}
    assert figures.of(site(1), 101.0) == {"site": 1, "read": 1}
    assert figures.of(site(2), 101.0) == {"site": 2, "read": 2}
    assert reads.calls == [(1, 100.0), (2, 101.0)]


def test_forgetting_a_site_reads_its_figures_again(monotonic):
    reads = Reads()
    figures = RescueFigures(reads)
    figures.of(site(1), 100.0)
    figures.forget(1)
    figures.forget(99)  # never known: nothing happens
    assert figures.of(site(1), 100.0) == {"site": 1, "read": 2}


def test_kept_figures_are_read_again_once_their_time_is_up(monotonic):
    reads = Reads()
    figures = RescueFigures(reads)
    figures.of(site(1), 100.0)
    monotonic.now += FIGURES_TTL - 0.5
    assert figures.of(site(1), 110.0) == {"site": 1, "read": 1}
    monotonic.now += 1.0
    assert figures.of(site(1), 111.0) == {"site": 1, "read": 2}


def test_while_the_database_is_away_the_last_figures_are_kept_or_none(monotonic):
    reads = Reads()
    figures = RescueFigures(reads)
    figures.of(site(1), 100.0)
    reads.away = True
    monotonic.now += FIGURES_TTL * 3
    assert figures.of(site(1), 130.0) == {"site": 1, "read": 1}
    assert figures.of(site(2), 130.0) is None
