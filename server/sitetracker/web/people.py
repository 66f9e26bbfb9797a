"""The people page: who holds which role in the organizations the user manages.

Only organization admins and owners come here. Admins grant viewer, manager and admin
(and assign a manager their sites, :mod:`.assignments`); only
owners grant, change or take away the owner role; every organization keeps an owner.
Memberships of organizations the user does not manage answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import audit, tenancy
from ..auth import access
from ..auth.session import login_required
from ..conflict import Conflict
from ..models import ROLES, Membership, Organization, Site
from ..reports import organizations
from ..reports.people import holds_role, user_by_email
from ..schemas import NewUserFormSchema, RoleFormSchema
from . import bp
from .forms import FormErrors, errors_of, form_values
from .guarding import guard
from .layout import managed

NO_OWNER_RIGHTS = "only owners grant, change or take away the owner role"


@dataclass
class MemberRow:
    membership: Membership
    site: Site | None  # None: the role covers the whole organization
    editable: bool
    # An organization manager's: ids of the sites they edit (web.assignments).
    assigned: set[int] | None = None


@dataclass
class OrgSection:
    """One managed organization on the page: its people and its add form."""

    org: Organization
    role: str
    sites: list[Site]
    rows: list[MemberRow]
    grantable: list[str]
    errors: FormErrors = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def scope_options(self) -> list[tuple[str, str]]:
        """The add form's scopes: the organization, or one site (``site:<key>``)."""
        sites = [(f"site:{site.public_key}", f"Site: {site.name}") for site in self.sites]
        return [("organization", "Whole organization"), *sites]


def org_section(org: Organization, role: str) -> OrgSection:
    sites = organizations.sites_of(org)
    by_id = {site.get_id(): site for site in sites}
    rows = [
        # ``__data__["site"]`` is the raw foreign key: no query per row.
        MemberRow(m, by_id.get(m.__data__["site"]), tenancy.may_grant(role, m.role),
                  tenancy.assigned_sites(m.user, org)
                  if m.role == "manager" and m.__data__["site"] is None else None)
        for m in tenancy.members(org)
    ]
    grantable = [r for r in ROLES if tenancy.may_grant(role, r)]
    return OrgSection(org, role, sites, rows, grantable)


def people_view(
    status: int = 200,
    form_org: str = "",
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    row_errors: dict[int, str] | None = None,
    generated: tuple[str, str] | None = None,
) -> ResponseReturnValue:
    """The page; ``form_org`` names the organization whose add form has ``errors``."""
    sections = [org_section(org, role) for org, role in managed()]
    for section in sections:
        if section.org.slug == form_org:
            section.errors, section.values = errors or {}, values or {}
    html = render_template(
        "users.html", sections=sections, row_errors=row_errors or {}, generated=generated
    )
    return html, status


def require_manager() -> None:
    if not managed():
        abort(403, description="only admins and owners of an organization manage people")


def managed_membership(membership_id: int) -> tuple[Membership, Organization, str]:
    """The membership with its organization and the user's role there; 404 if not theirs."""
    for org, role in managed():
        for membership in tenancy.members(org):
            if membership.get_id() == membership_id:
                return membership, org, role
    abort(404, description="no such person in an organization you manage")


def back_to_people() -> ResponseReturnValue:
    """The people page, or the sites page once the user manages no organization."""
    managing = access.managed_organizations(g.user)
    return redirect(url_for("web.people") if managing else url_for("web.sites"))


@bp.get("/users")
@login_required
def people() -> ResponseReturnValue:
    require_manager()
    return people_view()


@bp.post("/users")
@login_required
def add_person() -> ResponseReturnValue:
    """Give someone a role on the organization or one of its sites, creating them if new."""
    require_manager()
    slug = request.form.get("org", "")
    found = next(((org, role) for org, role in managed() if org.slug == slug), None)
    if found is None:
        abort(404, description="no such organization among those you manage")
    org, my_role = found
    values = form_values("email", "name", "role", "scope")
    scope = values.get("scope", "organization")
    site = None
    if scope.startswith("site:"):
        site = organizations.site_of(org, scope[5:])
    if site is None and scope != "organization":
        errors = {"scope": "choose this organization or one of its sites"}
        return people_view(400, slug, errors, values)
    payload = {k: v for k, v in values.items() if k != "scope"}
    payload.update({"site": site.public_key} if site else {"organization": org.slug})
    try:
        data = NewUserFormSchema().load(payload)
    except ValidationError as exc:
        errors = errors_of(exc)
        for key in ("organization", "site"):
            if key in errors:
                errors["scope"] = errors.pop(key)
        return people_view(400, slug, errors, values)
    if not tenancy.may_grant(my_role, data["role"]):
        abort(403, description=NO_OWNER_RIGHTS)
    user = user_by_email(data["email"])
    held = user is not None and holds_role(user, org, site)
    if held:
        message = "already has a role there; change it in the list"
        return people_view(400, slug, {"email": f"{data['email']} {message}"}, values)
    try:
        user, generated = tenancy.add_member(
            data["email"], data["role"], organization=None if site else org, site=site,
            name=data["name"],
        )
    except Conflict as exc:
        return people_view(400, slug, errors_of(exc), values)
    audit.record(g.user.email, org, "role_granted", {
        "email": user.email, "role": data["role"], "site": site.public_key if site else None})
    where = f"“{site.name}”" if site else f"all of {org.name}"
    flash(f"{user.email} is now {data['role']} on {where}.", "ok")
    if generated:
        return people_view(generated=(user.email, generated))
    return redirect(url_for("web.people"))


@bp.post("/users/<int:membership_id>/role")
@login_required
def change_role(membership_id: int) -> ResponseReturnValue:
    require_manager()
    membership, org, my_role = managed_membership(membership_id)
    try:
        role = RoleFormSchema().load(form_values("role"))["role"]
    except ValidationError as exc:
        return people_view(400, row_errors={membership_id: errors_of(exc)["role"]})
    if not (tenancy.may_grant(my_role, membership.role) and tenancy.may_grant(my_role, role)):
        abort(403, description=NO_OWNER_RIGHTS)
    before = membership.role
    try:
        tenancy.change_role(membership, org, role)
    except Conflict as exc:
        return people_view(400, row_errors={membership_id: exc.message})
    audit.record(g.user.email, org, "role_changed", {
        "email": membership.user.email, "from": before, "to": role,
        "site": membership.site_id})
    guard().end_user(membership.user.get_id())
    flash(f"{membership.user.email} is now {role}.", "ok")
    return back_to_people()


@bp.post("/users/<int:membership_id>/delete")
@login_required
def remove_person(membership_id: int) -> ResponseReturnValue:
    require_manager()
    membership, org, my_role = managed_membership(membership_id)
    if not tenancy.may_grant(my_role, membership.role):
        abort(403, description=NO_OWNER_RIGHTS)
    try:
        tenancy.remove_membership(membership, org)
    except Conflict as exc:
        return people_view(400, row_errors={membership_id: exc.message})
    audit.record(g.user.email, org, "role_removed", {
        "email": membership.user.email, "role": membership.role,
        "site": membership.site_id})
    guard().end_user(membership.user.get_id())
    flash(f"{membership.user.email} no longer holds that role.", "ok")
    return back_to_people()


@bp.post("/users/<slug>/two-factor")
@login_required
def require_two_factor(slug: str) -> ResponseReturnValue:
    """An owner's setting: members must sign in with a second factor."""
    found = next(((org, role) for org, role in managed() if org.slug == slug), None)
    if found is None:
        abort(404, description="no such organization among those you manage")
    org, my_role = found
    if my_role != "owner":
        abort(403, description="only owners decide whether two-factor sign-in is required")
    wanted = request.form.get("require", "")
    if wanted not in ("on", "off"):
        abort(400, description="require: on or off")
    tenancy.require_two_factor(org, wanted == "on")
    flash(f"Two-factor sign-in is {'now required' if org.require_two_factor else 'optional'} "
          f"in {org.name}.", "ok")
    return redirect(url_for("web.people"))
