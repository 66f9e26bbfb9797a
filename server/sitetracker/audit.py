"""The audit log: who did what to an organization or one of its sites, and when.

One door in: :func:`record`, called where each admin action happens (rules, custom
events, secret and key rotations, erasures, broadcasts, roles, retention). Entries are
never changed or deleted by the application (:meth:`AuditEntry.save` refuses updates);
they go only with their organization. Owners read them (``/audit``, ``GET /api/audit``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .db import database
from .models import BaseModel, Organization, utcnow

ACTIONS = (
    "rule_created", "rule_changed", "rule_deleted",
    "event_defined", "event_changed", "event_deleted",
    "secret_rotated", "key_rotated", "site_changed",
    "shopper_erased", "retention_changed", "watch_changed",
    "broadcast_sent", "broadcast_cancelled",
    "role_granted", "role_changed", "role_removed", "sites_assigned",
)
MAX_ROWS = 500


class AuditEntry(BaseModel):
    """One admin action; ``site_id`` is kept as a plain number so the entry outlives
    nothing it should not, yet names the site it was about."""

    organization = ForeignKeyField(Organization, on_delete="CASCADE")
    site_id = IntegerField(null=True)
    actor = CharField(max_length=254)
    action = CharField(max_length=32)
    details = TextField(default="{}")
    created_at = DateTimeField(default=utcnow)
    organization_id: int

    class Meta:
        table_name = "audit_entry"
        indexes = ((("organization", "created_at"), False),)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if self.id is not None and not kwargs.get("force_insert"):
            raise TypeError("audit entries are never changed")
        return super().save(*args, **kwargs)


def record(actor: str, where: Any, action: str, details: dict[str, Any] | None = None,
           ) -> AuditEntry:
    """Note that ``actor`` (an email, a token's subject, ``cli``) did ``action`` on
    ``where``: an :class:`Organization`, or a site (a stored ``Site`` or the live
    channel's ``SiteInfo``). ``details`` say what changed, never a secret."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if isinstance(where, Organization):
        org_id, site_id = where.id, None
    else:
        org_id, site_id = where.organization_id, where.id
    text = json.dumps(details or {}, separators=(",", ":"), default=str)[:4000]
    with database.connection_context():
        return AuditEntry.create(organization=org_id, site_id=site_id, actor=actor[:254],
                                 action=action, details=text)


def entries(organization_ids: list[int], *, site_id: int | None = None,
            before: int | None = None, limit: int = 100) -> list[AuditEntry]:
    """The newest entries first, of these organizations (optionally one site's), with
    ids below ``before`` (to page back)."""
    where = AuditEntry.organization.in_(organization_ids or [0])
    if site_id is not None:
        where &= AuditEntry.site_id == site_id
    if before is not None:
        where &= AuditEntry.id < before
    return list(AuditEntry.select().where(where).order_by(AuditEntry.id.desc())
                .limit(min(limit, MAX_ROWS)))


def entry_json(row: AuditEntry, sites: dict[int, str] | None = None) -> dict[str, Any]:
    """``{"id", "at", "actor", "action", "site": <key or null>, "details": {...}}``"""
    at: datetime = row.created_at
    return {"id": row.id, "at": at.isoformat() + "Z", "actor": row.actor,
            "action": row.action,
            "site": (sites or {}).get(row.site_id) if row.site_id else None,
            "details": json.loads(row.details or "{}")}
