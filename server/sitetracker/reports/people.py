"""Who is who: a person by their email, whether they hold a role somewhere, and the
organizations a person owns (the sign-in form, the people page, the audit log)."""

from __future__ import annotations

from ..models import Membership, Organization, Site, User


def user_by_email(email: str) -> User | None:
    """The person with exactly this email (stored lowercase), or None::

        User(email="ann@example.com", name="Ann", ...)
    """
    return User.get_or_none(User.email == email)


def holds_role(user: User, organization: Organization, site: Site | None = None) -> bool:
    """Whether ``user`` holds a role on ``site`` or, without a site, on the whole
    ``organization`` (a role on one of its sites does not count)::

        True
    """
    where = (Membership.site == site) if site else (Membership.organization == organization)
    return bool(Membership.select().where((Membership.user == user) & where).exists())


def owned_organizations(user: User) -> list[Organization]:
    """The organizations ``user`` owns, by name::

        [Organization(slug="acme", name="Acme"), Organization(slug="zeta", ...)]
    """
    return list(
        Organization.select()
        .join(Membership, on=(Membership.organization == Organization.id))
        .where((Membership.user == user) & (Membership.role == "owner"))
        .order_by(Organization.name)
    )
