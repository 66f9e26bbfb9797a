"""Alerts over the admin socket, for the overlay: those not yet acknowledged (shown
again on every admin page until someone acknowledges them) and acknowledging one.

Alerts are commerce's (:mod:`sitetracker.commerce.alerts`): this module reads its model
and tells admins through it, adding to each alert the shopper's ``ref`` that a chat
needs. Without commerce there are no alerts.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..clock import utc
from ..db import database
from ..live.directory import SiteInfo
from .errors import Refused

PENDING_MOST = 50


def _commerce() -> Any:
    return current_app.extensions.get("sitetracker.commerce")


def with_ref(row: Any) -> dict[str, Any]:
    from ..commerce.alerts import alert_json

    return {**alert_json(row), "ref": row.visitor or None}


def pending(site: SiteInfo) -> list[dict[str, Any]]:
    """The site's unacknowledged alerts, newest first (at most ``PENDING_MOST``)."""
    if _commerce() is None:
        return []
    from ..commerce.models import Alert

    with database.connection_context():
        rows = (Alert.select().where((Alert.site == site.id) & Alert.acknowledged_at.is_null())
                .order_by(Alert.id.desc()).limit(PENDING_MOST))
        return [with_ref(row) for row in rows]


def visitor_hash_of(site: SiteInfo, alert_id: int) -> str:
    """The ref of the shopper an alert is about."""
    row = _alert(site, alert_id)
    if not row.visitor:
        raise Refused(404, "this alert is not about one shopper", {"alert": "no shopper"})
    return str(row.visitor)


def _alert(site: SiteInfo, alert_id: int) -> Any:
    if _commerce() is None:
        raise Refused(404, "no such alert", {"id": "unknown alert"})
    from ..commerce.models import Alert

    with database.connection_context():
        row = Alert.get_or_none((Alert.id == alert_id) & (Alert.site == site.id))
    if row is None:
        raise Refused(404, "no such alert", {"id": "not an alert of this site"})
    return row


def acknowledge(site: SiteInfo, alert_id: int, by: str, now: float) -> dict[str, Any]:
    """Mark an alert acknowledged (the first who did stays) and tell every admin
    (``alert_ack``)."""
    from ..commerce.models import Alert

    row = _alert(site, alert_id)
    if row.acknowledged_at is None:
        with database.connection_context():
            changed = Alert.update(acknowledged_at=utc(now).replace(microsecond=0),
                                   acknowledged_by=by[:254]).where(
                (Alert.id == row.id) & Alert.acknowledged_at.is_null()).execute()
            row = Alert.get_by_id(row.id)
        if changed:
            _commerce().alerts.acknowledged(site, row)
    return with_ref(row)
