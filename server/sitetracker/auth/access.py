"""Roles: who may see and change which organization and site.

A user holds a role (viewer < manager < admin < owner) on a whole organization or on one
site. An organization role covers all of its sites. Viewers read; admins and owners change
sites; a manager reads the whole organization and changes the sites assigned to them (a
``manager`` role on the site itself); only organization admins and owners manage people,
and only owners grant or take away the owner role. Nobody sees anything of an
organization they hold no role in, except an operator (:data:`OPERATOR`, granted from
the command line): they see every organization and site, and the pipeline's health, but
no shopper data: ``at_least(OPERATOR, "viewer")`` is false, so every route asking for a
viewer refuses them, and only the pages that show no shopper ask for less.
"""

from __future__ import annotations

from peewee import JOIN

from ..models import OPERATOR, ROLE_RANK, Membership, Organization, Site, User
from .models import Operator

# What a role may do on one site: a manager edits an assigned site as an admin does.
SITE_RANK = {OPERATOR: 0, "viewer": 1, "manager": 2, "admin": 2, "owner": 3}


def _best(roles: list[str]) -> str | None:
    return max(roles, key=ROLE_RANK.__getitem__) if roles else None


def org_role(user: User, org_id: int) -> str | None:
    """The role held on the organization itself (not through one of its sites)."""
    rows = Membership.select(Membership.role).where(
        (Membership.user == user) & (Membership.organization == org_id)
    )
    return _best([m.role for m in rows])


def is_operator(user: User | int) -> bool:
    """Whether the user runs this installation (``sitetracker users operator``)."""
    return bool(Operator.select().where(Operator.user == user).exists())


def site_role(user: User | int, site: Site) -> str | None:
    """The strongest role that reaches ``site``, by organization or by the site itself.

    A manager of the organization reads its sites (``viewer``) and holds ``manager`` on
    those assigned to them; an operator without a role here holds :data:`OPERATOR`."""
    rows = Membership.select(Membership.role, Membership.site).where(
        (Membership.user == user)
        & ((Membership.organization == site.organization_id) | (Membership.site == site.id))
    )
    best = _best(["viewer" if m.role == "manager" and m.site_id is None else m.role
                  for m in rows])
    if best is None and is_operator(user):
        return OPERATOR
    return best


def at_least(role: str | None, needed: str) -> bool:
    """Whether ``role`` on a site allows what ``needed`` allows there."""
    return role is not None and SITE_RANK[role] >= SITE_RANK[needed]


def visible_sites(user: User) -> list[Site]:
    """Every site the user may see, ordered by organization and name (an operator's:
    all of them)."""
    org_ids = Membership.select(Membership.organization).where(
        (Membership.user == user) & Membership.organization.is_null(False)
    )
    site_ids = Membership.select(Membership.site).where(
        (Membership.user == user) & Membership.site.is_null(False)
    )
    query = Site.select(Site, Organization).join(Organization)
    if not is_operator(user):
        query = query.where(Site.organization.in_(org_ids) | Site.id.in_(site_ids))
    return list(query.order_by(Organization.name, Site.name))


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
    the installation's operators and whoever owns an organization. Figures of the whole
    installation, naming no shop."""
    if is_operator(user):
        return True
    return Membership.select().where(
        (Membership.user == user) & Membership.organization.is_null(False)
        & (Membership.role == "owner")
    ).exists()
