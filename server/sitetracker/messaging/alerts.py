"""Alerts over the admin socket, for the overlay and the board: those waiting for
acknowledgement (shown again on every admin page until someone acknowledges them),
acknowledging one, and each person's choice of how sales are shown.

Alerts are commerce's (:mod:`sitetracker.commerce.alerts`): this module reads its model
and acknowledges through it, adding to each alert the shopper's ``ref`` that a chat
needs. Sales are notifications, never waiting. Without commerce there are no alerts.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from ..db import database
from ..domain import SiteInfo, Write
from ..live.refused import Refused

PENDING_MOST = 50
SALES_SHOWN = ("modal", "toast")


def _commerce() -> Any:
    return current_app.extensions.get("sitetracker.commerce")


def with_ref(row: Any) -> dict[str, Any]:
    from ..commerce.alerts import alert_json

    return {**alert_json(row), "ref": row.visitor or None}


def pending(site: SiteInfo) -> list[dict[str, Any]]:
    """The site's alerts waiting for acknowledgement, newest first (at most
    ``PENDING_MOST``); never sales."""
    if _commerce() is None:
        return []
    from ..commerce.alerts import waiting
    from ..commerce.models import Alert

    with database.connection_context():
        rows = (Alert.select().where(waiting(site.id))
                .order_by(Alert.id.desc()).limit(PENDING_MOST))
        return [with_ref(row) for row in rows]


def visitor_hash_of(site: SiteInfo, alert_id: int) -> str:
    """The ref of the shopper an alert is about."""
    row = _alert(site, alert_id)
    if not row.visitor:
        raise Refused(404, "this alert is not about one shopper", {"alert": "no shopper"})
    return str(row.visitor)


def _alert(site: SiteInfo, alert_id: int) -> Any:
    commerce = _commerce()
    if commerce is None:
        raise Refused(404, "no such alert", {"id": "unknown alert"})
    return _found(commerce.alerts.alert_of(site.id, alert_id))


def _found(row: Any) -> Any:
    if row is None:
        raise Refused(404, "no such alert", {"id": "not an alert of this site"})
    return row


def acknowledge(site: SiteInfo, alert_id: int, by: str) -> dict[str, Any]:
    """Acknowledge an alert through commerce's one acknowledgement."""
    commerce = _commerce()
    if commerce is None:
        raise Refused(404, "no such alert", {"id": "unknown alert"})
    return with_ref(_found(commerce.alerts.acknowledge(site, alert_id, by)))


def preferences(who: str) -> dict[str, str]:
    """``{"sales": "modal"|"toast"}``: how ``who`` (a user's e-mail, a token's
    subject) wants sales shown; a self-closing modal unless they chose toasts."""
    if _commerce() is None:
        return {"sales": "modal"}
    from ..commerce.models import AlertPreference

    with database.connection_context():
        row = AlertPreference.get_or_none(AlertPreference.who == who[:254])
    return {"sales": row.sales if row is not None else "modal"}


def set_preferences(who: str, sales: str, write_path: Any, now: float) -> dict[str, str]:
    """Store ``who``'s choice (before answering), then answer it."""
    if _commerce() is None:
        raise Refused(404, "no alerts on this server", {"sales": "no alerts"})
    from ..clock import utc
    from ..commerce.models import AlertPreference

    row = {"who": who[:254], "sales": sales, "updated_at": utc(now).replace(microsecond=0)}

    def run() -> None:
        # Looked up first: on MySQL an update that changes nothing counts no row.
        if AlertPreference.get_or_none(AlertPreference.who == row["who"]) is None:
            AlertPreference.create(**row)
        else:
            AlertPreference.update(sales=sales, updated_at=row["updated_at"]).where(
                AlertPreference.who == row["who"]).execute()

    write_path.commit([Write("preference", run, row)])
    return {"sales": sales}
