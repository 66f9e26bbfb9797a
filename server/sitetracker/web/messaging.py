"""A site's Messages page: broadcasts (send one, now or later, with filters; cancel one
running or scheduled) and the conversations with shoppers, with a chat panel.

Broadcasts are plain forms posting back here. The chat panel is the admin overlay's
chat window (``/messages.js``) on the dashboard's session; ``?ref=<shopper ref>`` opens
a shopper's conversation (the live board's shopper rows carry the ref). Viewers see
everything and send nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..auth import access
from ..auth.session import login_required
from ..clock import zone
from ..headers import REPLAYER_POLICY
from ..live.refused import Refused
from ..messaging import Messaging
from ..messaging.schemas import BroadcastSchema
from ..models import Site
from . import bp
from .forms import FormErrors, errors_of, form_values
from .site_page import site_for

DURATIONS = (("900", "15 minutes"), ("3600", "1 hour"), ("14400", "4 hours"),
             ("86400", "24 hours"), ("604800", "7 days"))
DEVICE_CHOICES = (("", "Any device"), ("mobile", "Mobile"), ("tablet", "Tablet"),
                  ("desktop", "Desktop"))
FIELDS = ("text", "path", "device", "country", "when", "starts_at", "duration")


@bp.app_template_filter("unix_site_time")
def unix_site_time(ts: float | None, timezone: str) -> str:
    """Unix seconds as ``Mar 10, 14:05`` in the site's time zone; ``—`` when unset."""
    if not ts:
        return "—"
    return datetime.fromtimestamp(ts, zone(timezone)).strftime("%b %d, %H:%M")


def services() -> Messaging:
    found: Messaging = current_app.extensions["sitetracker.messaging"]
    return found


def info_of(site: Site) -> Any:
    return current_app.extensions["sitetracker"].sites.by_key(site.public_key)


def broadcast_from_form(values: dict[str, str], timezone: str, now: float) -> dict[str, Any]:
    """The form's fields as :class:`BroadcastSchema` loads them; the start is a local
    time of the site's time zone. Raises ValidationError naming the field."""
    data: dict[str, Any] = {k: values.get(k, "") for k in ("text", "path", "device", "country")}
    start = now
    if values.get("when") == "later":
        try:
            local = datetime.strptime(values.get("starts_at", "").strip(), "%Y-%m-%dT%H:%M")
        except ValueError:
            raise ValidationError({"starts_at": ["give the date and time to send it"]}) from None
        start = local.replace(tzinfo=zone(timezone)).timestamp()
        data["starts_at"] = int(start)
    duration = values.get("duration", "3600")
    if duration not in dict(DURATIONS):
        raise ValidationError({"duration": ["choose how long it shows"]})
    data["expires_at"] = int(max(start, now) + int(duration))
    loaded: dict[str, Any] = BroadcastSchema().load(data)
    return loaded


def messages_view(site: Site, role: str, status: int = 200, errors: FormErrors | None = None,
                  values: dict[str, str] | None = None) -> ResponseReturnValue:
    info = info_of(site)
    messaging = services()
    html = render_template(
        "messages.html", site=site, role=role, can_send=access.at_least(role, "admin"),
        broadcasts=messaging.broadcasts.listing(info, recent=10),
        conversations=messaging.chat.conversations(info),
        errors=errors or {}, values=values or {"duration": "3600", "when": "now"},
        durations=DURATIONS, devices=DEVICE_CHOICES, me=(g.user.name or g.user.email)[:120],
        now=current_app.extensions["sitetracker"].clock.now(),
    )
    return html, status, {"Content-Security-Policy": REPLAYER_POLICY}  # the live view


@bp.get("/sites/<key>/messages")
@login_required
def messages(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return messages_view(site, role)


@bp.post("/sites/<key>/messages/broadcasts")
@login_required
def send_broadcast(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    values = form_values(*FIELDS)
    now = current_app.extensions["sitetracker"].clock.now()
    try:
        data = broadcast_from_form(values, site.timezone, now)
        sent = services().broadcasts.create(info_of(site), data, g.user.email)
    except ValidationError as exc:
        return messages_view(site, role, 400, errors_of(exc), values)
    except Refused as exc:
        return messages_view(site, role, exc.status, {"_form": exc.message}, values)
    if sent["state"] == "scheduled":
        flash("Broadcast scheduled.", "ok")
    else:
        reached = sent["reached"]
        flash(f"Broadcast sent to {reached} shopper{'' if reached == 1 else 's'} on the site "
              "now; shoppers arriving see it until it expires.", "ok")
    return redirect(url_for("web.messages", key=site.public_key))


@bp.post("/sites/<key>/messages/broadcasts/<int:broadcast_id>/cancel")
@login_required
def cancel_broadcast(key: str, broadcast_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    try:
        services().broadcasts.cancel(info_of(site), broadcast_id, g.user.email)
    except Refused:
        flash("No such broadcast.", "error")
    else:
        flash("Broadcast cancelled.", "ok")
    return redirect(url_for("web.messages", key=site.public_key))
