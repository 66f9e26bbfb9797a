"""Sites through the JSON API: list, read, create, change, rotate key and secret."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask.typing import ResponseReturnValue

from .. import audit, tenancy
from ..auth import access
from ..auth.session import login_required
from ..models import Site
from ..schemas import SiteSchema, SiteUpdateSchema
from . import bp, responses
from .docs import doc
from .errors import ApiError


def json_body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object", {"body": "expected a JSON object"})
    return data


def site_for(key: str, needed: str = "viewer") -> tuple[Site, str]:
    """The site if the user may act on it at ``needed``; 404 hides other tenants' sites."""
    found = access.visible_site(g.user, key) if len(key) <= 32 else None
    if found is None:
        raise ApiError(404, "no such site")
    site, role = found
    if not access.at_least(role, needed):
        raise ApiError(403, f"your role on this site is {role}; this needs {needed}")
    return site, role


def site_json(site: Site, role: str) -> dict[str, Any]:
    base_url = current_app.config["SETTINGS"].base_url
    data: dict[str, Any] = {
        "key": site.public_key,
        "name": site.name,
        "organization": site.organization.slug,
        "domains": site.domain_list,
        "timezone": site.timezone,
        "consent": site.consent,
        "role": role,
        "widget_snippet": tenancy.widget_snippet(site, base_url),
    }
    if access.at_least(role, "admin"):
        data["secret"] = site.secret
    return data


def forget(*keys: str) -> None:
    current_app.extensions["sitetracker.sites"].forget(*keys)


@bp.get("/me")
@doc("Who you are, and your organizations", response=responses.Me)
@login_required
def me() -> ResponseReturnValue:
    orgs = access.member_organizations(g.user)
    return {
        "email": g.user.email,
        "name": g.user.name,
        "organizations": [{"slug": o.slug, "name": o.name} for o in orgs],
    }


@bp.get("/sites")
@doc("Sites you may see", response=responses.Sites)
@login_required
def list_sites() -> ResponseReturnValue:
    sites = access.visible_sites(g.user)
    return {"sites": [site_json(s, access.site_role(g.user, s) or "viewer") for s in sites]}


@bp.post("/sites")
@doc("Create a site (organization admins)", ok=201, response=responses.SiteOut,
     body=SiteSchema, errors=(403, 409))
@login_required
def create_site() -> ResponseReturnValue:
    data = SiteSchema().load(json_body())
    managed = access.managed_organizations(g.user)
    if not managed:
        raise ApiError(403, "only organization admins create sites")
    slug = data.get("organization")
    matches = [org for org, _ in managed if slug in (None, org.slug)]
    if slug is None and len(managed) > 1:
        raise ApiError(400, "invalid input", {"organization": "you manage several; name one"})
    if not matches:
        raise ApiError(400, "invalid input", {"organization": "not an organization you manage"})
    site = tenancy.create_site(matches[0], data["name"], data["domains"], data["timezone"])
    return site_json(site, "owner" if any(r == "owner" for _, r in managed) else "admin"), 201


@bp.get("/sites/<key>")
@doc("One site (with its secret for admins)", response=responses.SiteOut)
@login_required
def get_site(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return site_json(site, role)


@bp.patch("/sites/<key>")
@doc("Change name, domains, time zone or consent (admins)", response=responses.SiteOut,
     body=SiteUpdateSchema, errors=(403, 409))
@login_required
def update_site(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    changes = SiteUpdateSchema().load(json_body())
    changes.pop("organization", None)
    tenancy.update_site(site, changes)
    audit.record(g.user.email, site, "site_changed", changes)
    forget(site.public_key)
    return site_json(site, role)


@bp.post("/sites/<key>/rotate-secret")
@doc("A new site secret (admins)", response=responses.SiteOut, errors=(403,))
@login_required
def rotate_secret(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    tenancy.rotate_secret(site)
    audit.record(g.user.email, site, "secret_rotated")
    forget(site.public_key)
    current_app.extensions["sitetracker"].guard.end_site_tokens(site.get_id())
    return site_json(site, role)


@bp.post("/sites/<key>/rotate-key")
@doc("A new public site key (admins)", response=responses.SiteOut, errors=(403,))
@login_required
def rotate_key(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    old = site.public_key
    tenancy.rotate_key(site)
    audit.record(g.user.email, site, "key_rotated", {"key": site.public_key})
    forget(old, site.public_key)
    return site_json(site, role)
