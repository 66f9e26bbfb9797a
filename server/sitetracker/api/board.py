"""The live board through the JSON API: a person's layout, and the graphs' history.

``GET/PUT /api/sites/<key>/board`` read and save the signed-in person's own board for
the site (tiles, theme, thresholds): personal, so viewers save theirs too.
``GET /api/sites/<key>/history?minutes=30`` answers what the board's graphs need from
storage (see :mod:`sitetracker.reports.board`).
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, request
from flask.typing import ResponseReturnValue
from marshmallow import validate

from ..auth.session import login_required
from ..board import board_of
from ..board.layouts import reset_layout, save_layout
from ..board.models import BoardLayout
from ..board.tiles import MAX_LAYOUT_BYTES, LayoutSchema, default_layout
from ..clock import local_midnight
from ..reports import board as graphs
from ..reports.layouts import layout_of
from ..validation import QuerySchema, Whole
from . import bp, responses
from .docs import doc
from .errors import ApiError
from .sites import json_body, site_for


class HistoryQuerySchema(QuerySchema):
    """``?minutes=N``: today's minutes, and at least the last N (1 to 1440)."""

    minutes = Whole(load_default=30, validate=validate.Range(1, 1440))


def board_json(row: BoardLayout | None) -> dict[str, Any]:
    tile_types = board_of(current_app).tile_types
    layout = default_layout(tile_types) if row is None else {"theme": row.theme,
                                                              **json.loads(row.layout)}
    return {**layout, "saved": row is not None, "tile_types": list(tile_types)}


@bp.get("/sites/<key>/board")
@doc("Your board for the site (or the default)", response=responses.Board)
@login_required
def get_board(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return board_json(layout_of(g.user.id, site.id))


@bp.put("/sites/<key>/board")
@doc("Save your board for the site", response=responses.Board, body=LayoutSchema)
@login_required
def put_board(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    data = LayoutSchema(tile_types=board_of(current_app).tile_types).load(json_body())
    text = json.dumps({"tiles": data["tiles"]}, separators=(",", ":"))
    if len(text) > MAX_LAYOUT_BYTES:
        raise ApiError(400, "invalid input", {"tiles": "the layout is over 20 KB"})
    save_layout(g.user.id, site.id, text, data["theme"])
    return board_json(layout_of(g.user.id, site.id))


@bp.delete("/sites/<key>/board")
@doc("Back to the default board", response=responses.Board)
@login_required
def reset_board(key: str) -> ResponseReturnValue:
    """Back to the default board."""
    site, _ = site_for(key)
    reset_layout(g.user.id, site.id)
    return board_json(None)


@bp.get("/sites/<key>/history")
@doc("What the board's graphs need from storage", response=responses.History,
     query=HistoryQuerySchema)
@login_required
def board_history(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    query = HistoryQuerySchema().load(request.args.to_dict())
    now = current_app.extensions["sitetracker"].clock.now()
    tz = site.timezone
    return {
        "site": site.public_key,
        "timezone": tz,
        "now": now,
        "midnight": local_midnight(now, tz),
        "minutes": graphs.recent_minutes(site.id, tz, now, query["minutes"]),
        "typical": graphs.typical_band(site.id, tz, now),
        "last_week": graphs.last_week(site.id, tz, now),
        "sources": graphs.sources_today(site.id, tz, now),
    }
