"""What admins change: alert rules and custom event definitions, and the site's rules and
definitions as they edit them. Shared by the JSON API and the admin pages; inputs arrive
loaded by the schemas, and problems raise ``ValidationError`` (400) or
:class:`sitetracker.conflict.Conflict` (409), each naming the field at fault. Each change
is noted in the audit log, ``by`` whom."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError
from peewee import IntegrityError

from .. import audit
from ..conflict import Conflict
from ..db import database
from ..models import Site, utcnow
from .events import MAX_DEFINITIONS, clean, site_event_names
from .models import AlertRule, EventDefinition
from .rules import Rule, check_rule, fields_of

if TYPE_CHECKING:
    from . import Commerce


def rules_of(site_id: int) -> list[AlertRule]:
    """The site's alert rules, oldest first."""
    return list(AlertRule.select().where(AlertRule.site == site_id).order_by(AlertRule.id))


def rule_of(site_id: int, rule_id: int) -> AlertRule | None:
    """One of the site's rules; None for another site's or a missing one."""
    return AlertRule.get_or_none((AlertRule.id == rule_id) & (AlertRule.site == site_id))


def definitions_of(site_id: int) -> list[EventDefinition]:
    """The site's custom event definitions, by name."""
    return list(EventDefinition.select().where(EventDefinition.site == site_id)
                .order_by(EventDefinition.name))


def definition_of(site_id: int, event_id: int) -> EventDefinition | None:
    """One of the site's definitions; None for another site's or a missing one."""
    return EventDefinition.get_or_none((EventDefinition.id == event_id)
                                       & (EventDefinition.site == site_id))


def save_rule(commerce: Commerce, site: Site, changes: dict[str, Any],
              row: AlertRule | None = None, *, by: str) -> AlertRule:
    """Create a rule, or change ``row``: the whole rule is checked against the site's
    events, and applies at once on this worker (within seconds on the others)."""
    merged = Rule.of(row).as_json() if row is not None else {}
    merged.update(changes)
    checked = fields_of(check_rule(merged, site_event_names(site.id)))
    action = "rule_created" if row is None else "rule_changed"
    if row is None:
        row = AlertRule.create(site=site.id, **checked)
    else:
        for name, value in checked.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        row.save()
    commerce.rules.forget(site.id)
    audit.record(by, site, action, {"rule": row.id, **Rule.of(row).as_json()})
    return row


def delete_rule(commerce: Commerce, site: Site, row: AlertRule, *, by: str) -> None:
    row.delete_instance()
    commerce.rules.forget(site.id)
    audit.record(by, site, "rule_deleted", {"rule": row.id, "name": row.name})


def _rules_counting(site: Site, name: str) -> list[str]:
    return [rule.name for rule in AlertRule.select(AlertRule.name).where(
        (AlertRule.site == site.id) & (AlertRule.kind == "event_count")
        & (AlertRule.event == name))]


def save_definition(commerce: Commerce, site: Site, data: dict[str, Any],
                    row: EventDefinition | None = None, *, by: str) -> EventDefinition:
    """Define an event, or change ``row``; every open page of the site hears of it."""
    values = clean(data)
    action = "event_defined" if row is None else "event_changed"
    if row is not None and values["name"] != row.name:
        used = _rules_counting(site, row.name)
        if used:
            raise Conflict("name", f"the rule “{used[0]}” counts {row.name}; change it "
                                   "before renaming the event")
    try:
        with database.atomic():
            if row is None:
                count = EventDefinition.select().where(EventDefinition.site == site.id).count()
                if count >= MAX_DEFINITIONS:
                    raise ValidationError({"name": [f"at most {MAX_DEFINITIONS} events a site"]})
                row = EventDefinition.create(site=site.id, **values)
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                row.updated_at = utcnow()
                row.save()
    except IntegrityError:
        raise Conflict("name", f"{values['name']} is already defined") from None
    commerce.definitions.changed(commerce.tracking, commerce.site_info(site))
    audit.record(by, site, action, {"event": row.id, **values})
    return row


def delete_definition(commerce: Commerce, site: Site, row: EventDefinition, *, by: str
                      ) -> None:
    used = _rules_counting(site, row.name)
    if used:
        raise Conflict("event", f"the rule “{used[0]}” counts {row.name}; change or delete "
                                "it first")
    row.delete_instance()
    commerce.definitions.changed(commerce.tracking, commerce.site_info(site))
    audit.record(by, site, "event_deleted", {"event": row.id, "name": row.name})

