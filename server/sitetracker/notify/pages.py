"""The notification settings pages: a site's endpoints (Slack, Teams, signed webhooks)
with a test button and the delivery log; a person's e-mail choices, scheduled reports
and quiet hours.
Forms carry the CSRF token and come back with the message beside the field at fault."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..auth import access
from ..auth.session import login_required
from ..commerce.models import AlertRule
from ..db import database
from ..models import Site
from ..web.forms import FormErrors, errors_of, form_values, timezone_choices
from ..web.site_page import site_for
from . import queue, schedule
from .forms import (
    HOURS,
    KINDS,
    REPORTS,
    EndpointSchema,
    QuietSchema,
    ReportSchema,
    masked_secret,
    masked_url,
    rules_choice,
)
from .models import Endpoint, MailChoice, QuietHours
from .quiet import clock_text, minutes_of

bp = Blueprint("notify", __name__)  # its templates: templates/notify/


def _rules(site_id: int) -> list[AlertRule]:
    return list(AlertRule.select().where(AlertRule.site == site_id).order_by(AlertRule.id))


def _endpoints(site: Site) -> list[dict[str, Any]]:
    return [{"id": e.id, "kind": e.kind, "kind_name": KINDS.get(e.kind, e.kind),
             "name": e.name, "url": masked_url(e.url), "secret": masked_secret(e.secret),
             "rules": e.rules, "sales": e.sales}
            for e in Endpoint.select().where(Endpoint.site == site.id).order_by(Endpoint.id)]


def site_view(site: Site, role: str, status: int = 200, errors: FormErrors | None = None,
              values: dict[str, str] | None = None) -> ResponseReturnValue:
    html = render_template(
        "notify/site.html", site=site, role=role, tab="notifications",
        can_edit=access.at_least(role, "admin"), endpoints=_endpoints(site),
        rules=_rules(site.id), kinds=list(KINDS.items()), log=queue.log(site.id),
        errors=errors or {}, values=values or {"kind": "slack"})
    return html, status


@bp.get("/sites/<key>/notifications")
@login_required
def site_notifications(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return site_view(site, role)


@bp.post("/sites/<key>/notifications/endpoints")
@login_required
def add_endpoint(key: str) -> ResponseReturnValue:
    """Add an endpoint; a webhook without a secret gets one made, shown this once."""
    site, role = site_for(key, "admin")
    values = form_values("kind", "name", "url", "secret", "sales")
    try:
        data = EndpointSchema().load(values)
    except ValidationError as exc:
        return site_view(site, role, 400, errors_of(exc), values)
    rules = rules_choice(request.form.getlist("rules"), {r.id for r in _rules(site.id)})
    made = ""
    if data["kind"] == "webhook" and not data["secret"]:
        data["secret"] = made = secrets.token_urlsafe(32)
    with database.connection_context():
        Endpoint.create(site=site.id, kind=data["kind"], name=data["name"], url=data["url"],
                        secret=data["secret"] if data["kind"] == "webhook" else "",
                        rules=rules, sales=data["sales"])
    flash(f"{data['name']} added." + (f" Its signing secret, shown this once: {made}"
                                      if made else ""), "ok")
    return redirect(url_for("notify.site_notifications", key=site.public_key))


def _endpoint(site: Site, endpoint_id: int) -> Endpoint:
    found = Endpoint.get_or_none((Endpoint.id == endpoint_id) & (Endpoint.site == site.id))
    if found is None:
        abort(404, description="no such endpoint on this site")
    return found


@bp.post("/sites/<key>/notifications/endpoints/<int:endpoint_id>/test")
@login_required
def test_endpoint(key: str, endpoint_id: int) -> ResponseReturnValue:
    """Queue a test notification; the delivery log shows how it went."""
    site, _ = site_for(key, "admin")
    endpoint = _endpoint(site, endpoint_id)
    now = current_app.extensions["sitetracker"].clock.now()
    queue.test_delivery(site.id, endpoint.id, endpoint.kind, now)
    flash(f"Test queued for {endpoint.name}: see the delivery log below.", "ok")
    return redirect(url_for("notify.site_notifications", key=site.public_key) + "#log-title")


@bp.post("/sites/<key>/notifications/endpoints/<int:endpoint_id>/delete")
@login_required
def delete_endpoint(key: str, endpoint_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    endpoint = _endpoint(site, endpoint_id)
    endpoint.delete_instance()
    flash(f"{endpoint.name} removed: it gets nothing more.", "ok")
    return redirect(url_for("notify.site_notifications", key=site.public_key))


# -- a person's own ------------------------------------------------------------------


def _readable(sites: list[Site]) -> set[int]:
    """The ids of the sites whose figures the person reads (reports go to them only)."""
    return {site.id for site in sites if access.at_least(access.site_role(g.user, site),
                                                         "viewer")}


def _own_view(status: int = 200, errors: FormErrors | None = None) -> ResponseReturnValue:
    hours = QuietHours.get_or_none(QuietHours.user == g.user.id)
    choices = {c.site_id: c for c in MailChoice.select().where(MailChoice.user == g.user.id)}
    visible = access.visible_sites(g.user)
    readable = _readable(visible)
    reports = schedule.choices_of(g.user.id)
    sites = [(site, _rules(site.id), choices.get(site.id),
              reports.get(site.id) if site.id in readable else False) for site in visible]
    zone_name = hours.timezone if hours else "UTC"
    html = render_template(
        "notify/account.html", sites=sites, errors=errors or {},
        timezones=timezone_choices(zone_name), timezone=zone_name,
        quiet_start=clock_text(hours.start) if hours else "00:00",
        quiet_end=clock_text(hours.end) if hours else "00:00",
        emergencies=hours.emergencies if hours else True,
        report_kinds=list(REPORTS.items()), report_hours=HOURS,
        mail_ready=current_app.extensions["sitetracker.notify"].smtp.configured)
    return html, status


def _reports_wanted(sites: list[Site]) -> tuple[dict[int, tuple[str, int]], FormErrors]:
    """Each readable site's scheduled report as the form says, and any errors (by
    field)."""
    wanted: dict[int, tuple[str, int]] = {}
    errors: FormErrors = {}
    for site_id in sorted(_readable(sites)):
        values = {"frequency": request.form.get(f"report-{site_id}", "off"),
                  "hour": request.form.get(f"report_hour-{site_id}", "8")}
        try:
            data = ReportSchema().load(values)
        except ValidationError as exc:
            for name, message in errors_of(exc).items():
                errors[f"report-{site_id}" if name == "frequency"
                       else f"report_hour-{site_id}"] = message
            continue
        wanted[site_id] = (data["frequency"], data["hour"])
    return wanted, errors


@bp.get("/account/notifications")
@login_required
def own_notifications() -> ResponseReturnValue:
    return _own_view()


@bp.post("/account/notifications")
@login_required
def save_own_notifications() -> ResponseReturnValue:
    """Save quiet hours and, for every site the person sees, what they want by mail
    and which scheduled report (sites whose figures they read)."""
    try:
        data = QuietSchema().load(form_values("timezone", "quiet_start", "quiet_end",
                                              "emergencies"))
    except ValidationError as exc:
        return _own_view(400, errors_of(exc))
    visible = access.visible_sites(g.user)
    reports, wrong = _reports_wanted(visible)
    if wrong:
        return _own_view(400, wrong)
    user_id = g.user.id
    with database.connection_context(), database.atomic():
        QuietHours.delete().where(QuietHours.user == user_id).execute()
        QuietHours.create(user=user_id, timezone=data["timezone"],
                          start=minutes_of(data["quiet_start"] or "00:00"),
                          end=minutes_of(data["quiet_end"] or "00:00"),
                          emergencies=data["emergencies"])
        MailChoice.delete().where(MailChoice.user == user_id).execute()
        for site in visible:
            rules = rules_choice(request.form.getlist(f"rules-{site.id}"),
                                 {r.id for r in _rules(site.id)})
            sales = request.form.get(f"sales-{site.id}") == "on"
            if rules or sales:
                MailChoice.create(user=user_id, site=site.id, rules=rules, sales=sales)
        schedule.save(user_id, reports, current_app.extensions["sitetracker"].clock.now())
    flash("Notification settings saved.", "ok")
    return redirect(url_for("notify.own_notifications"))


@bp.app_template_filter("unix_when")
def unix_when(value: float | None) -> str:
    """Unix seconds as ``2025-01-31 14:05:09 UTC`` (the delivery log's times)."""
    if value is None:
        return "—"
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
