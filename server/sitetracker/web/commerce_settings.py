"""A site's alert rules and custom events, as admin pages: list, create, edit, enable or
disable and delete (the default checkout-trouble rule is edited like any other).
Viewers see the lists only; every change needs an admin, and the rule or definition
applies at once (definitions reach the site's open pages live)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..auth import access
from ..auth.session import login_required
from ..commerce import admin
from ..commerce.events import TRIGGERS, EventDefinitionSchema, definition_json, site_event_names
from ..commerce.models import AlertRule, EventDefinition
from ..commerce.rules import KINDS, SEVERITIES, Rule, RuleSchema, describe
from ..conflict import Conflict
from ..ingest.commerce_props import COMMERCE_EVENTS
from ..models import Site
from ..schemas import FormSchema
from . import bp
from .commerce import commerce_services
from .forms import FormErrors, errors_of, form_values
from .site_page import site_for

RULE_FIELDS = ("kind", "name", "event", "threshold", "window", "severity")
EVENT_FIELDS = ("name", "trigger", "selector", "pattern")


class RuleFormSchema(RuleSchema, FormSchema):
    pass


class EventDefinitionFormSchema(EventDefinitionSchema, FormSchema):
    pass


def _filled(values: dict[str, str]) -> dict[str, str]:
    """Empty inputs are absent ones."""
    return {k: v for k, v in values.items() if v.strip()}


# -- rules --------------------------------------------------------------------------------


def rules_view(site: Site, role: str, status: int = 200, errors: FormErrors | None = None,
               values: dict[str, str] | None = None, editing: AlertRule | None = None
               ) -> ResponseReturnValue:
    rules = [(Rule.of(row), describe(Rule.of(row))) for row in admin.rules_of(site.id)]
    names = sorted({*COMMERCE_EVENTS, *site_event_names(site.id)})
    html = render_template(
        "commerce/rules.html", site=site, role=role, tab="rules",
        can_edit=access.at_least(role, "admin"), rules=rules, errors=errors or {},
        values=values or {"kind": "event_count", "window": "10", "severity": "warning"},
        editing=editing, kinds=KINDS, severities=SEVERITIES, event_names=names)
    return html, status


def rule_of(site: Site, rule_id: int) -> AlertRule:
    row = admin.rule_of(site.id, rule_id)
    if row is None:
        abort(404, description="no such rule")
    return row


def rule_values(row: AlertRule) -> dict[str, str]:
    rule = Rule.of(row).as_json()
    return {name: "" if rule.get(name) is None else str(rule[name]) for name in RULE_FIELDS}


@bp.get("/sites/<key>/rules")
@login_required
def commerce_rules(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return rules_view(site, role)


@bp.get("/sites/<key>/rules/<int:rule_id>")
@login_required
def commerce_rule(key: str, rule_id: int) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    row = rule_of(site, rule_id)
    return rules_view(site, role, values=rule_values(row), editing=row)


def _save_rule(key: str, rule_id: int | None) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    row = rule_of(site, rule_id) if rule_id is not None else None
    values = form_values(*RULE_FIELDS)
    try:
        changes = RuleFormSchema(partial=row is not None).load(_filled(values))
        admin.save_rule(commerce_services(), site, changes, row, by=g.user.email)
    except ValidationError as exc:
        return rules_view(site, role, 400, errors_of(exc), values, row)
    flash("Rule saved." if row is not None else "Rule created.", "ok")
    return redirect(url_for("web.commerce_rules", key=site.public_key))


@bp.post("/sites/<key>/rules")
@login_required
def commerce_rule_create(key: str) -> ResponseReturnValue:
    return _save_rule(key, None)


@bp.post("/sites/<key>/rules/<int:rule_id>")
@login_required
def commerce_rule_update(key: str, rule_id: int) -> ResponseReturnValue:
    return _save_rule(key, rule_id)


@bp.post("/sites/<key>/rules/<int:rule_id>/toggle")
@login_required
def commerce_rule_toggle(key: str, rule_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = rule_of(site, rule_id)
    admin.save_rule(commerce_services(), site, {"enabled": not row.enabled}, row,
                    by=g.user.email)
    flash(f"“{row.name}” is {'on' if row.enabled else 'off'}.", "ok")
    return redirect(url_for("web.commerce_rules", key=site.public_key))


@bp.post("/sites/<key>/rules/<int:rule_id>/delete")
@login_required
def commerce_rule_delete(key: str, rule_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = rule_of(site, rule_id)
    admin.delete_rule(commerce_services(), site, row, by=g.user.email)
    flash(f"Rule “{row.name}” deleted.", "ok")
    return redirect(url_for("web.commerce_rules", key=site.public_key))


# -- custom events ------------------------------------------------------------------------


def events_view(site: Site, role: str, status: int = 200, errors: FormErrors | None = None,
                values: dict[str, str] | None = None, editing: EventDefinition | None = None
                ) -> ResponseReturnValue:
    html = render_template(
        "commerce/events.html", site=site, role=role, tab="events",
        can_edit=access.at_least(role, "admin"), definitions=admin.definitions_of(site.id),
        errors=errors or {}, values=values or {"trigger": "click"}, editing=editing,
        triggers=TRIGGERS)
    return html, status


def definition_of(site: Site, event_id: int) -> EventDefinition:
    row = admin.definition_of(site.id, event_id)
    if row is None:
        abort(404, description="no such event")
    return row


@bp.get("/sites/<key>/events")
@login_required
def commerce_events(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return events_view(site, role)


@bp.get("/sites/<key>/events/<int:event_id>")
@login_required
def commerce_event(key: str, event_id: int) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    row = definition_of(site, event_id)
    values: dict[str, Any] = {"selector": "", "pattern": "", **definition_json(row)}
    return events_view(site, role, values=values, editing=row)


def _save_event(key: str, event_id: int | None) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    row = definition_of(site, event_id) if event_id is not None else None
    values = form_values(*EVENT_FIELDS)
    try:
        data = EventDefinitionFormSchema().load(values)
        admin.save_definition(commerce_services(), site, data, row, by=g.user.email)
    except (ValidationError, Conflict) as exc:
        return events_view(site, role, 400, errors_of(exc), values, row)
    flash(f"Event “{data['name']}” saved; open pages of the store have it now.", "ok")
    return redirect(url_for("web.commerce_events", key=site.public_key))


@bp.post("/sites/<key>/events")
@login_required
def commerce_event_create(key: str) -> ResponseReturnValue:
    return _save_event(key, None)


@bp.post("/sites/<key>/events/<int:event_id>")
@login_required
def commerce_event_update(key: str, event_id: int) -> ResponseReturnValue:
    return _save_event(key, event_id)


@bp.post("/sites/<key>/events/<int:event_id>/delete")
@login_required
def commerce_event_delete(key: str, event_id: int) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    row = definition_of(site, event_id)
    try:
        admin.delete_definition(commerce_services(), site, row, by=g.user.email)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(url_for("web.commerce_events", key=site.public_key))
    flash(f"Event “{row.name}” deleted.", "ok")
    return redirect(url_for("web.commerce_events", key=site.public_key))
