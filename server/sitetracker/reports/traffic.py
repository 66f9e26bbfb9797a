"""Where sessions came from (channels; source, medium and campaign) and the pages they
saw, entered by and left from."""

from __future__ import annotations

from typing import Any

from ..ingest.channels import CHANNELS
from . import counts
from .periods import Period

TOP = 50


def channels(site_id: int, period: Period) -> list[list[Any]]:
    """Sessions per channel, every channel listed: ``[["direct", 40], ["paid", 3], ...]``."""
    found = counts.sums(site_id, period, ("channel",))["channel"]
    return [[name, int(found.get(name, 0))] for name in CHANNELS]


def sources(site_id: int, period: Period, top: int = TOP) -> list[list[Any]]:
    """Sessions per source, medium and campaign, most first::

        [["google.com", "", "", 31], ["newsletter", "email", "spring", 12], ...]

    A source is the UTM source, else the referring host; "" for none (direct).
    """
    found = counts.sums(site_id, period, ("source",))["source"]
    return [[*(key.split("\t") + ["", "", ""])[:3], value]
            for key, value in counts.ranked(found, top)]


def pages(site_id: int, period: Period, top: int = TOP) -> dict[str, list[list[Any]]]:
    """``{"top": [["/", 120], ...], "entry": [...], "exit": [...]}``: page views per
    page, and sessions per entry and exit page."""
    found = counts.sums(site_id, period, ("page", "entry", "exit"))
    return {"top": counts.ranked(found["page"], top),
            "entry": counts.ranked(found["entry"], top),
            "exit": counts.ranked(found["exit"], top)}
