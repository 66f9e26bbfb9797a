"""Organizations, sites, people and their roles: the operations the admin web, the JSON
API and the CLI share. Inputs arrive validated by :mod:`sitetracker.schemas`; conflicts
with stored data raise :class:`Conflict` naming the field.
"""

from __future__ import annotations

import re
import secrets
from html import escape

from peewee import JOIN, IntegrityError

from .auth.passwords import hash_password
from .auth.tokens import new_api_token, new_site_key, new_site_secret
from .commerce.rules import create_default_rule
from .conflict import Conflict
from .db import database
from .models import ROLE_RANK, ApiToken, Membership, Organization, Site, User, utcnow


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48]
    return slug or "org"


def create_organization(name: str, slug: str | None = None) -> Organization:
    base = slug or slugify(name)
    candidate, n = base, 1
    while Organization.select().where(Organization.slug == candidate).exists():
        if slug:
            raise Conflict("slug", f"an organization {slug!r} already exists")
        n += 1
        candidate = f"{base}-{n}"
    return Organization.create(name=name, slug=candidate)


def find_organization(ref: str) -> Organization | None:
    """By slug, or by name when the name is unique."""
    org = Organization.get_or_none(Organization.slug == ref)
    if org is None:
        matches = list(Organization.select().where(Organization.name == ref).limit(2))
        org = matches[0] if len(matches) == 1 else None
    return org


def find_site(ref: str) -> Site | None:
    """By public key, or by name when the name is unique."""
    site = Site.get_or_none(Site.public_key == ref)
    if site is None:
        matches = list(Site.select().where(Site.name == ref).limit(2))
        site = matches[0] if len(matches) == 1 else None
    return site


def check_site_name(org_id: int, name: str, site_id: int | None = None) -> None:
    """Refuse a name another site of the organization has: ``--site NAME`` and the
    dashboard's site switcher need names to tell sites apart (a unique index backs it)."""
    taken = Site.select().where(Site.organization == org_id, Site.name == name)
    if site_id is not None:
        taken = taken.where(Site.id != site_id)
    if taken.exists():
        raise Conflict("name", f"the organization already has a site named {name!r}")


def create_site(org: Organization, name: str, domains: list[str], timezone: str = "UTC") -> Site:
    """A new site, with the default alert rules; Conflict when the name is taken."""
    with database.atomic():
        check_site_name(org.id, name)
        site = Site.create(
            organization=org,
            name=name,
            domains=" ".join(domains),
            timezone=timezone,
            public_key=new_site_key(),
            secret=new_site_secret(),
        )
        create_default_rule(site.id)
    return site


def update_site(site: Site, changes: dict[str, object]) -> Site:
    if "name" in changes:
        check_site_name(site.organization_id, str(changes["name"]), site.id)
        site.name = str(changes["name"])
    if "domains" in changes:
        site.domains = " ".join(changes["domains"])  # type: ignore[arg-type]
    if "timezone" in changes:
        site.timezone = str(changes["timezone"])
    if "consent" in changes:
        site.consent = str(changes["consent"])
    site.save()
    return site


def rotate_secret(site: Site) -> str:
    """A new secret; tokens and signatures made with the old one stop working."""
    site.secret = new_site_secret()
    site.secret_rotated_at = utcnow()
    site.save(only=[Site.secret, Site.secret_rotated_at])
    return site.secret


def rotate_key(site: Site) -> str:
    """A new public key; pages still carrying the old snippet stop being tracked."""
    site.public_key = new_site_key()
    site.save(only=[Site.public_key])
    return site.public_key


def add_member(
    email: str,
    role: str,
    *,
    organization: Organization | None = None,
    site: Site | None = None,
    name: str = "",
    password: str | None = None,
) -> tuple[User, str | None]:
    """Give ``email`` a role, creating the user if new.

    Returns the user and, when a new user was created without a password, the generated
    one (to be shown once).
    """
    generated = None
    with database.atomic():
        user = User.get_or_none(User.email == email)
        if user is None:
            if password is None:
                generated = password = secrets.token_urlsafe(12)
            user = User.create(email=email, name=name, password_hash=hash_password(password))
        scope = (Membership.organization == organization) if organization else (
            Membership.site == site
        )
        existing = Membership.get_or_none((Membership.user == user) & scope)
        if existing is not None:
            existing.role = role
            existing.save()
        else:
            try:
                Membership.create(user=user, organization=organization, site=site, role=role)
            except IntegrityError:
                raise Conflict("email", f"{email} already has a role there") from None
    return user, generated


def members(org: Organization) -> list[Membership]:
    """Every role held in the organization, on it or on one of its sites."""
    return list(
        Membership.select(Membership, User)
        .join(User)
        .switch(Membership)
        .join(Site, on=(Membership.site == Site.id), join_type=JOIN.LEFT_OUTER)
        .where((Membership.organization == org) | (Site.organization == org))
        .order_by(User.email)
    )


def owners_left(org: Organization, excluding: Membership) -> int:
    return (
        Membership.select()
        .where(
            (Membership.organization == org)
            & (Membership.role == "owner")
            & (Membership.id != excluding.id)
        )
        .count()
    )


def change_role(membership: Membership, org: Organization, role: str) -> None:
    if membership.role == "owner" and role != "owner" and not owners_left(org, membership):
        raise Conflict("role", "an organization keeps at least one owner")
    membership.role = role
    membership.save()


def remove_membership(membership: Membership, org: Organization) -> None:
    if membership.role == "owner" and membership.organization_id and not owners_left(
        org, membership
    ):
        raise Conflict("role", "an organization keeps at least one owner")
    membership.delete_instance()


def may_grant(granter_role: str | None, role: str) -> bool:
    """Admins grant viewer, manager and admin; only owners grant (or take away) owner."""
    if granter_role is None:
        return False
    needed = "owner" if role == "owner" else "admin"
    return ROLE_RANK[granter_role] >= ROLE_RANK[needed]


def assigned_sites(user: User, org: Organization) -> set[int]:
    """Ids of the organization's sites assigned to the user as their manager."""
    rows = (Membership.select(Membership.site).join(Site, on=(Membership.site == Site.id))
            .where((Membership.user == user) & (Membership.role == "manager")
                   & (Site.organization == org)))
    return {m.site_id for m in rows if m.site_id is not None}


def assign_sites(user: User, org: Organization, site_ids: set[int]) -> tuple[int, int]:
    """Make the user manager of exactly these sites of the organization; a stronger role
    held on one of them stays, a site viewer's becomes manager. Returns how many sites
    were assigned and unassigned."""
    held = assigned_sites(user, org)
    with Membership._meta.database.atomic():
        for site_id in site_ids - held:
            row = Membership.get_or_none((Membership.user == user)
                                         & (Membership.site == site_id))
            if row is None:
                Membership.create(user=user, site=site_id, role="manager")
            elif row.role == "viewer":
                row.role = "manager"
                row.save()
        if held - site_ids:
            Membership.delete().where((Membership.user == user) & (Membership.role == "manager")
                                      & Membership.site.in_(list(held - site_ids))).execute()
    return len(site_ids - held), len(held - site_ids)


def create_api_token(user: User, name: str) -> tuple[str, ApiToken]:
    token, token_hash, prefix = new_api_token()
    row = ApiToken.create(user=user, name=name, token_hash=token_hash, prefix=prefix)
    return token, row


def revoke_api_token(token: ApiToken) -> None:
    """Delete the token: it no longer works."""
    token.delete_instance()


def set_password(user: User, password: str) -> None:
    """Store the hash of the user's new password (their sessions are the caller's)."""
    user.password_hash = hash_password(password)
    user.save(only=[User.password_hash])


def require_two_factor(org: Organization, required: bool) -> None:
    """Whether the organization's members must sign in with a second factor."""
    org.require_two_factor = required
    org.save(only=[Organization.require_two_factor])


def widget_snippet(site: Site, base_url: str) -> str:
    return (
        f'<script async src="{escape(base_url)}/widget.js" '
        f'data-site="{escape(site.public_key)}"></script>'
    )


def overlay_snippet(site: Site, base_url: str, token: str = "ADMIN_TOKEN") -> str:
    return (
        f'<script async src="{escape(base_url)}/overlay.js" '
        f'data-site="{escape(site.public_key)}" data-token="{escape(token)}"></script>'
    )
