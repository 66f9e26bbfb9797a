"""Live numbers and history through the JSON API: snapshot, server-sent events, stats."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from flask import Response, current_app, request, stream_with_context
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError, validates_schema

from .. import reports
from ..auth.session import login_required
from ..clock import local_day
from ..validation import Day, QuerySchema
from . import bp, responses
from .docs import doc
from .sites import site_for

MAX_DAYS = 366
STREAM_EVERY = 1.0


class StatsQuerySchema(QuerySchema):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (site days; at most 366 of them)."""

    from_ = Day(data_key="from")
    to = Day()

    @validates_schema
    def check_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("from_"), data.get("to")
        if start and end:
            if end < start:
                raise ValidationError("must not be before from", "to")
            if (end - start).days >= MAX_DAYS:
                raise ValidationError(f"at most {MAX_DAYS} days", "to")


def _tracking() -> Any:
    return current_app.extensions["sitetracker"]


@bp.get("/sites/<key>/live")
@doc("The live snapshot", response=responses.Live)
@login_required
def live_snapshot(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    info = _tracking().sites.by_key(site.public_key)
    return _tracking().snapshot(info)


@bp.get("/sites/<key>/live/stream")
@doc("The live snapshot every second as server-sent events", response="stream",
     content="text/event-stream", fuzz=False)
@login_required
def live_stream(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    tracking = _tracking()
    info = tracking.sites.by_key(site.public_key)

    def events() -> Iterator[str]:
        yield "retry: 3000\n\n"
        while True:
            yield f"event: live\ndata: {json.dumps(tracking.snapshot(info))}\n\n"
            tracking.socketio.sleep(STREAM_EVERY)

    return Response(stream_with_context(events()), mimetype="text/event-stream",
                    headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@bp.get("/sites/<key>/stats")
@doc("Daily history", response=responses.Stats, query=StatsQuerySchema)
@login_required
def stats(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    query = StatsQuerySchema().load(request.args.to_dict())
    today = local_day(_tracking().clock.now(), site.timezone)
    end: date = query.get("to") or today
    start: date = query.get("from_") or end - timedelta(days=6)
    if (end - start).days >= MAX_DAYS or end < start:
        raise ValidationError("from and to must span 1 to 366 days", "from")
    return {"site": site.public_key, "timezone": site.timezone, "from": start.isoformat(),
            "to": end.isoformat(), "days": reports.daily_stats(site.id, start, end)}
