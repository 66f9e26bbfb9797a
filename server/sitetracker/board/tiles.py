"""The tile types a board may hold, the default board, and the schema of a saved layout.

A layout is what the board's grid saves::

    {"theme": "dark",
     "tiles": [{"id": "users", "type": "live_users", "x": 0, "y": 0, "w": 3, "h": 3,
                "thresholds": {"above": 200, "below": null}},
               {"id": "events", "type": "events", "x": 0, "y": 9, "w": 6, "h": 4,
                "options": {"event": "size_guide"}}, ...]}

on a 12-column grid. The board's own tiles are :data:`BOARD_TILES`; the app factory adds
a feature's tiles to its app's board (commerce's funnel, abandonment, carts and
custom-event tiles), so a layout naming them is valid where the feature is installed,
and the default board shows a feature's tiles only there. ``options`` are a tile's own
settings (the event a custom-event tile charts).

These are the one list of tile types: the board's JSON hands it to the browser
(``tile_types``, in order), whose registry (``dashboard/src/tiles/registry.js``) only
maps a type to the module that draws it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, validate, validates_schema

from ..validation import Number, Schema, Whole
from .models import THEMES

COLUMNS = 12
MAX_TILES = 40
MAX_ROWS = 400
MAX_THRESHOLD = 1_000_000_000
MAX_LAYOUT_BYTES = 20 * 1024
TILE_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

# In the order the board's add menu lists them; a feature's tiles come after, in the
# order the app factory adds them.
BOARD_TILES: tuple[str, ...] = (
    "live_users",  # the big number, trend against last week, sparkline
    "engaged",  # engaged time today and the day's graph against the typical band
    "peak",  # this month's peak concurrents and a dial
    "map",  # the world map and the country list
    "pages",  # the pages being hit right now
    "stream",  # the latest events
    "devices",  # mobile, desktop, tablet
    "visitors",  # new and returning
    "platforms",  # operating systems and browsers
    "sources",  # referrers and campaigns today
    "activity",  # page views and events per minute
    "shoppers",  # who is on the site now
)


def default_layout(tile_types: Collection[str] | None = None) -> dict[str, Any]:
    """The board a person sees before arranging their own, with the tiles of
    ``tile_types`` (the types installed; all of them when not given)."""

    def tile(tile_id: str, kind: str, x: int, y: int, w: int, h: int) -> dict[str, Any]:
        return {"id": tile_id, "type": kind, "x": x, "y": y, "w": w, "h": h,
                "thresholds": {"above": None, "below": None}}

    tiles = [
        tile("users", "live_users", 0, 0, 3, 3),
        tile("engaged", "engaged", 3, 0, 6, 3),
        tile("peak", "peak", 9, 0, 3, 3),
        # The second row is commerce's (when installed): today's funnel, money at risk.
        tile("funnel", "funnel", 0, 3, 5, 4),
        tile("carts", "carts", 5, 3, 3, 4),
        tile("abandonment", "abandonment", 8, 3, 4, 4),
        tile("map", "map", 0, 7, 6, 5),
        tile("pages", "pages", 6, 7, 3, 5),
        tile("stream", "stream", 9, 7, 3, 5),
        tile("devices", "devices", 0, 12, 3, 3),
        tile("visitors", "visitors", 3, 12, 3, 3),
        tile("platforms", "platforms", 6, 12, 3, 3),
        tile("sources", "sources", 9, 12, 3, 3),
        tile("activity", "activity", 0, 15, 6, 4),
        tile("events", "events", 6, 15, 6, 4),
        tile("shoppers", "shoppers", 0, 19, 12, 4),
        tile("page_types", "page_types", 0, 23, 4, 4),  # commerce's shoppers by page type
        tile("rescues", "rescues", 4, 23, 4, 4),  # commerce's sales rescued
        # Read from the rollups: Web Vitals, today's products and searches.
        tile("searches", "searches", 8, 23, 4, 4),
        tile("vitals", "vitals", 0, 27, 6, 5),
        tile("products", "products", 6, 27, 6, 5),
    ]
    # A feature's tiles only where the feature is installed (the grid closes the gaps).
    return {"theme": "dark", "tiles": [t for t in tiles
                                       if tile_types is None or t["type"] in tile_types]}


class ThresholdsSchema(Schema):
    """Light the tile up when its main number goes above or below these."""

    class Meta:
        unknown = EXCLUDE

    above = Number(allow_none=True, load_default=None,
                         validate=validate.Range(0, MAX_THRESHOLD))
    below = Number(allow_none=True, load_default=None,
                         validate=validate.Range(0, MAX_THRESHOLD))


class TileOptionsSchema(Schema):
    """A tile's own settings; each tile type reads the ones it knows."""

    class Meta:
        unknown = EXCLUDE

    event = fields.String(validate=validate.Regexp(
        EVENT_NAME, error="an event name: a-z first, then up to 39 of a-z, 0-9, _"))


class TileSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.String(required=True, validate=validate.Regexp(TILE_ID, error="1-32 letters, "
                                                                "digits, - or _"))
    type = fields.String(required=True)
    x = Whole(required=True, validate=validate.Range(0, COLUMNS - 1))
    y = Whole(required=True, validate=validate.Range(0, MAX_ROWS))
    w = Whole(required=True, validate=validate.Range(1, COLUMNS))
    h = Whole(required=True, validate=validate.Range(1, 12))
    thresholds = fields.Nested(ThresholdsSchema, load_default=lambda: {"above": None,
                                                                      "below": None})
    options = fields.Nested(TileOptionsSchema)

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["x"] + data["w"] > COLUMNS:
            raise ValidationError(f"x + w must not pass {COLUMNS} columns", "w")


class LayoutSchema(Schema):
    """A board as the browser saves it; at most 40 tiles with distinct ids, each of a
    type in ``tile_types`` (the app's installed tiles)."""

    class Meta:
        unknown = EXCLUDE

    def __init__(self, *, tile_types: Collection[str] = BOARD_TILES, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.tile_types = tile_types

    theme = fields.String(load_default="dark", validate=validate.OneOf(THEMES))
    tiles = fields.List(fields.Nested(TileSchema), required=True,
                        validate=validate.Length(max=MAX_TILES,
                                                 error=f"at most {MAX_TILES} tiles"))

    @validates_schema
    def distinct_ids(self, data: dict[str, Any], **kwargs: Any) -> None:
        ids = [tile["id"] for tile in data.get("tiles", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("tile ids must be distinct", "tiles")

    @validates_schema
    def known_types(self, data: dict[str, Any], **kwargs: Any) -> None:
        unknown = {str(n): {"type": [f"unknown tile type {tile['type'][:40]!r}"]}
                   for n, tile in enumerate(data.get("tiles", []))
                   if tile["type"] not in self.tile_types}
        if unknown:
            raise ValidationError(unknown, "tiles")
