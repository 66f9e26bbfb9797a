"""The sites of organizations: all of one organization's, some of them by key, those
of several organizations (the people page, site assignments, the audit log)."""

from __future__ import annotations

from collections.abc import Collection

from ..models import Organization, Site


def sites_of(organization: Organization) -> list[Site]:
    """The organization's sites, by name::

        [Site(public_key="a1b2...", name="Acme shop", ...), Site(name="Acme outlet", ...)]
    """
    return list(Site.select().where(Site.organization == organization).order_by(Site.name))


def site_of(organization: Organization, key: str) -> Site | None:
    """The organization's site with this public key, or None (another's, or none)::

        Site(public_key="a1b2...", name="Acme shop", ...)
    """
    return Site.get_or_none((Site.public_key == key) & (Site.organization == organization))


def sites_with_keys(organization: Organization, keys: Collection[str]) -> list[Site]:
    """The organization's sites among these public keys (other organizations' are left
    out, so fewer sites than keys means some key is not the organization's)::

        [Site(public_key="a1b2...", ...), ...]
    """
    return list(Site.select().where((Site.organization == organization)
                                    & Site.public_key.in_(list(keys))))


def sites_by_id(organization_ids: Collection[int]) -> dict[int, Site]:
    """Every site of these organizations, by id::

        {4: Site(public_key="a1b2...", ...), 7: Site(...)}
    """
    return {site.id: site for site in Site.select().where(
        Site.organization.in_(list(organization_ids)))}


def site_keys(organization_ids: Collection[int]) -> dict[int, str]:
    """The public key of every site of these organizations, by site id::

        {4: "a1b2c3d4e5f6a7b8", 7: "..."}
    """
    return {site.id: site.public_key for site in Site.select(Site.id, Site.public_key)
            .where(Site.organization.in_(list(organization_ids)))}


def site_in(organization_ids: Collection[int], key: str) -> Site | None:
    """The site with this public key if it belongs to one of these organizations,
    else None::

        Site(public_key="a1b2...", ...)
    """
    return Site.get_or_none((Site.public_key == key)
                            & Site.organization.in_(list(organization_ids)))
