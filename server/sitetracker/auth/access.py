"""Roles: who may see and change which organization and site.

A user holds a role (viewer < admin < owner) on a whole organization or on one site.
An organization role covers all of its sites. Viewers read; admins and owners change
sites; only organization admins and owners manage people, and only owners grant or take
away the owner role. Nobody sees anything of an organization they hold no role in.
"""

from __future__ import annotations

from peewee import JOIN

from ..models import ROLE_RANK, Membership, Organization, Site, User


def _best(roles: list[str]) -> str | None:
    return max(roles, key=ROLE_RANK.__getitem__) if roles else None


def org_role(user: User, org_id: int) -> str | None:
    """The role held on the organization itself (not through one of its sites)."""
    rows = Membership.select(Membership.role).where(
        (Membership.user == user) & (Membership.organization == org_id)
    )
    return _best([m.role for m in rows])


def site_role(user: User | int, site: Site) -> str | None:
    """The strongest role that reaches ``site``, by organization or by the site itself."""
    rows = Membership.select(Membership.role).where(
        (Membership.user == user)
        & ((Membership.organization == site.organization_id) | (Membership.site == site.id))
    )
    return _best([m.role for m in rows])


def at_least(role: str | None, needed: str) -> bool:
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def visible_sites(user: User) -> list[Site]:
    """Every site the user may see, ordered by organization and name."""
    org_ids = Membership.select(Membership.organization).where(
        (Membership.user == user) & Membership.organization.is_null(False)
    )
    site_ids = Membership.select(Membership.site).where(
        (Membership.user == user) & Membership.site.is_null(False)
    )
    query = (
        Site.select(Site, Organization)
        .join(Organization)
        .where(Site.organization.in_(org_ids) | Site.id.in_(site_ids))
        .order_by(Organization.name, Site.name)
    )
    return list(query)


def visible_site(user: User, public_key: str) -> tuple[Site, str] | None:
    """The site with ``public_key`` and the user's role on it, or None if not theirs."""
    site = Site.get_or_none(Site.public_key == public_key)
    if site is None:
        return None
    role = site_role(user, site)
    return (site, role) if role else None


def managed_organizations(user: User) -> list[tuple[Organization, str]]:
    """Organizations where the user is admin or owner, with that role."""
    rows = (
        Membership.select(Membership, Organization)
        .join(Organization, JOIN.INNER, on=(Membership.organization == Organization.id))
        .where((Membership.user == user) & Membership.role.in_(["admin", "owner"]))
        .order_by(Organization.name)
    )
    return [(m.organization, m.role) for m in rows if m.organization is not None]


def member_organizations(user: User) -> list[Organization]:
    """Organizations the user holds any role in, directly or through a site."""
    direct = Membership.select(Membership.organization).where(
        (Membership.user == user) & Membership.organization.is_null(False)
    )
    via_site = (
        Site.select(Site.organization)
        .join(Membership, on=(Membership.site == Site.id))
        .where(Membership.user == user)
    )
    return list(
        Organization.select()
        .where(Organization.id.in_(direct) | Organization.id.in_(via_site))
        .order_by(Organization.name)
    )


def may_see_health(user: User) -> bool:
    """Whether the user sees the pipeline's health (the health page, ``/metrics``):
    whoever owns an organization. Figures of the whole installation, naming no shop."""
    return Membership.select().where(
        (Membership.user == user) & Membership.organization.is_null(False)
        & (Membership.role == "owner")
    ).exists()
