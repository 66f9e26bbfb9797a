"""The site and the visit the pipeline's tests run events through: a site of no database,
and one desktop Chrome visitor of unknown location."""

from __future__ import annotations

import pytest

from sitetracker.domain import SiteInfo, Visit
from sitetracker.ingest.geo import UNKNOWN
from sitetracker.ingest.platform import detect

from ..agents import CHROME

SITE = SiteInfo(id=1, key="k", organization_id=1, domains=("shop.test",), timezone="UTC",
                secret="s")


@pytest.fixture
def visit():
    return Visit(SITE, "visitor-1", "session-1", False, detect(CHROME), UNKNOWN)
