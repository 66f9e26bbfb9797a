"""Privacy through the JSON API: erase a shopper, retention periods, the audit log.

* ``DELETE /api/sites/<key>/shoppers?email=...`` (or ``?visitor=<exact visitor id>``, or
  ``?ref=<16 hex>``): everything stored about that shopper goes; the answer counts what
  was removed, per kind: ``{"removed": {"payment_errors": 2, "conversations": 1, ...}}``.
* ``GET, PATCH /api/sites/<key>/retention``: the site's periods in days,
  ``{"raw_events", "payment_errors", "chats", "alerts"}`` (viewers read, admins change).
* ``GET /api/audit?org=<slug>&site=<key>&before=<id>&limit=``: admin actions, newest
  first, of the organizations the user owns.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask.typing import ResponseReturnValue
from marshmallow import fields, validate

from .. import audit
from ..auth.session import login_required
from ..models import Organization
from ..privacy import erasure, retention
from ..reports import organizations, people
from ..validation import Id, QuerySchema, Whole
from . import bp, responses
from .docs import doc
from .errors import ApiError
from .sites import json_body, site_for


def erase_shopper(key: str) -> dict[str, int]:
    """The erasure both routes run: the shopper named by the query string."""
    site, _ = site_for(key, "admin")
    who = erasure.ShopperSchema().load(request.args.to_dict())
    removed = erasure.erase_live(current_app.extensions["sitetracker"], site.id, who)
    audit.record(g.user.email, site, "shopper_erased",
                 {"by": sorted(who), "removed": removed})
    return removed


@bp.delete("/sites/<key>/shoppers")
@doc("Erase everything stored about one shopper (admins)", response=responses.Removed,
     query=erasure.ShopperSchema, errors=(403,))
@login_required
def erase_shoppers(key: str) -> ResponseReturnValue:
    return {"removed": erase_shopper(key)}


def server_raw_days() -> int:
    return int(current_app.config["SETTINGS"].raw_event_retention_days)


@bp.get("/sites/<key>/retention")
@doc("The site's retention periods, in days", response=responses.RetentionPeriods)
@login_required
def get_retention(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return retention.periods(site.id).as_json(server_raw_days())


@bp.patch("/sites/<key>/retention")
@doc("Change the site's retention periods (admins)", response=responses.RetentionPeriods,
     body=retention.RetentionSchema, errors=(403,))
@login_required
def update_retention(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    changes = retention.RetentionSchema().load(json_body())
    before = retention.periods(site.id)
    after = retention.change(site, changes, server_raw_days())
    if after != before:
        audit.record(g.user.email, site, "retention_changed",
                     retention.differences(before, after))
    return after.as_json(server_raw_days())


class AuditQuerySchema(QuerySchema):
    """``?org=<slug>&site=<key>&before=<id>&limit=100``"""

    org = fields.String(validate=validate.Length(max=64))
    site = fields.String(validate=validate.Length(max=32))
    before = Id()
    limit = Whole(load_default=100, validate=validate.Range(1, audit.MAX_ROWS))


def owned_organizations() -> list[Organization]:
    """Organizations the signed-in user owns: only owners read the audit log."""
    return people.owned_organizations(g.user)


@bp.get("/audit")
@doc("Admin actions in the organizations you own, newest first",
     response=responses.AuditEntries, query=AuditQuerySchema, errors=(403,))
@login_required
def audit_log() -> ResponseReturnValue:
    query: dict[str, Any] = AuditQuerySchema().load(request.args.to_dict())
    owned = owned_organizations()
    if not owned:
        raise ApiError(403, "only organization owners read the audit log")
    if query.get("org"):
        owned = [org for org in owned if org.slug == query["org"]]
        if not owned:
            raise ApiError(404, "no such organization, or not one you own")
    site_id = None
    if query.get("site"):
        site = organizations.site_in([org.id for org in owned], query["site"])
        if site is None:
            raise ApiError(404, "no such site, or not one you own")
        site_id = site.id
    rows = audit.entries([org.id for org in owned], site_id=site_id,
                         before=query.get("before"), limit=query["limit"])
    keys = organizations.site_keys([org.id for org in owned])
    return {"entries": [audit.entry_json(row, keys) for row in rows]}
