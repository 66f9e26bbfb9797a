"""Web Vitals as a feature of the app (vitals/__init__.py): its tile on the board."""

from __future__ import annotations

from sitetracker import vitals
from sitetracker.board import board_of


def test_the_vitals_tile_is_one_a_board_may_show(app):
    assert vitals.TILES == ("vitals",)
    assert set(vitals.TILES) <= set(board_of(app).tile_types)
