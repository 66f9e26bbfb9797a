"""``sitetracker sites ...`` and ``sitetracker users ...``: which shops, and who sees them.

Arguments are validated by the same schemas as the admin web and the API before the
database is opened, so bad input changes nothing.
"""

from __future__ import annotations

import secrets
import sys
from typing import Any

import click
from marshmallow import ValidationError

from .. import audit, tenancy
from ..auth.passwords import hash_password
from ..auth.session import revoke
from ..conflict import Conflict
from ..db import database
from ..models import ROLES, Organization, Site, User
from ..schemas import NewUserSchema, SiteSchema
from .base import load, open_database, reject

SITE_PARAMS = {
    "name": "NAME",
    "domains": "--domain",
    "timezone": "--timezone",
    "organization": "--org",
}
USER_PARAMS = {
    "email": "EMAIL",
    "name": "--name",
    "password": "--password-stdin",
    "role": "--role",
    "organization": "--org",
    "site": "--site",
}


@click.group()
def sites() -> None:
    """Add and list the shops being tracked."""


@sites.command("add")
@click.argument("name")
@click.option(
    "--domain", "domains", multiple=True, required=True, metavar="DOMAIN",
    help="A domain the widget may run on; repeat for more.",
)
@click.option("--timezone", default="UTC", show_default=True,
              help="The shop's time zone, such as Europe/Paris.")
@click.option("--org", "org_ref", metavar="ORG",
              help="Organization slug or name; created if new. "
                   "Default: the only organization, or a new one named after the site.")
@click.pass_context
def add_site(
    ctx: click.Context, name: str, domains: tuple[str, ...], timezone: str, org_ref: str | None
) -> None:
    """Add the site NAME and print its key and widget snippet."""
    raw: dict[str, Any] = {"name": name, "domains": list(domains), "timezone": timezone}
    if org_ref is not None:
        raw["organization"] = org_ref
    try:
        data = SiteSchema().load(raw)
    except ValidationError as exc:
        reject(exc, SITE_PARAMS)

    settings = load(ctx)
    with open_database(settings), database.atomic():
        org, org_created = _organization_for_site(data.get("organization"), data["name"])
        try:
            site = tenancy.create_site(org, data["name"], data["domains"], data["timezone"])
        except Conflict as exc:
            raise click.BadParameter(exc.message, param_hint=["NAME"]) from None

    if org_created:
        click.echo(f"Created organization {org.name!r} (slug {org.slug}).")
    click.echo(f"Added site {site.name!r} to organization {org.name!r}.")
    click.echo(f"  key       {site.public_key}")
    click.echo(f"  secret    {site.secret}  (signs admin tokens; keep it private)")
    click.echo(f"  domains   {' '.join(site.domain_list)}")
    click.echo(f"  timezone  {site.timezone}")
    click.echo("")
    click.echo("Paste the widget on every page of the shop, before </body>:")
    click.echo(f"  {tenancy.widget_snippet(site, settings.base_url)}")
    if "//127.0.0.1" in settings.base_url or "//localhost" in settings.base_url:
        click.echo("(Set SITETRACKER_BASE_URL to the server's public address for real shops.)")


def _organization_for_site(ref: str | None, site_name: str) -> tuple[Organization, bool]:
    """The organization named by ``--org`` (created if new), else the only one there is."""
    if ref is None:
        existing = list(Organization.select().order_by(Organization.slug).limit(6))
        if len(existing) > 1:
            slugs = ", ".join(org.slug for org in existing[:5])
            raise click.UsageError(
                f"several organizations exist ({slugs}{', ...' if len(existing) > 5 else ''}); "
                "choose one with --org"
            )
        if existing:
            return existing[0], False
        return tenancy.create_organization(site_name), True
    org = tenancy.find_organization(ref)
    if org is not None:
        return org, False
    if Organization.select().where(Organization.name == ref).count() > 1:
        raise click.BadParameter(
            f"several organizations are named {ref!r}; give its slug", param_hint=["--org"]
        )
    return tenancy.create_organization(ref), True


@sites.command("list")
@click.pass_context
def list_sites(ctx: click.Context) -> None:
    """List every site: key, name, organization slug and domains."""
    with open_database(load(ctx)):
        rows = [
            (site.public_key, site.name, site.organization.slug, " ".join(site.domain_list))
            for site in Site.select(Site, Organization)
            .join(Organization)
            .order_by(Organization.slug, Site.name)
        ]
    if not rows:
        click.echo("No sites yet. Add one: sitetracker sites add NAME --domain example.com")
        return
    header = ("KEY", "NAME", "ORGANIZATION", "DOMAINS")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*cells, row[3]]))


@click.group()
def users() -> None:
    """Give people a role on an organization or a site."""


@users.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES),
              help="viewer reads; admin also changes sites; owner also manages people.")
@click.option("--org", "org_ref", metavar="ORG", help="Organization slug or name.")
@click.option("--site", "site_ref", metavar="SITE", help="Site key or name.")
@click.option("--name", default="", help="The person's name, as others see it.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
@click.pass_context
def add_user(
    ctx: click.Context, email: str, role: str, org_ref: str | None, site_ref: str | None,
    name: str, password_stdin: bool,
) -> None:
    """Give EMAIL a role on one organization (--org) or one site (--site)."""
    if (org_ref is None) == (site_ref is None):
        raise click.UsageError("give exactly one of --org ORG or --site SITE")
    raw: dict[str, Any] = {"email": email, "role": role, "name": name}
    if org_ref is not None:
        raw["organization"] = org_ref
    if site_ref is not None:
        raw["site"] = site_ref
    if password_stdin:
        raw["password"] = sys.stdin.readline().rstrip("\r\n")
    try:
        data = NewUserSchema().load(raw)
    except ValidationError as exc:
        reject(exc, USER_PARAMS)

    with open_database(load(ctx)), database.atomic():
        org = site = None
        if data["organization"]:
            org = tenancy.find_organization(data["organization"])
            if org is None:
                raise click.BadParameter("no organization has that slug or name",
                                         param_hint=["--org"])
            where = f"organization {org.name!r}"
        else:
            site = tenancy.find_site(data["site"])
            if site is None:
                raise click.BadParameter("no site has that key or name (see: sitetracker "
                                         "sites list)", param_hint=["--site"])
            where = f"site {site.name!r}"
        existed = User.select().where(User.email == data["email"]).exists()
        try:
            user, generated = tenancy.add_member(
                data["email"], data["role"], organization=org, site=site,
                name=data["name"], password=data["password"],
            )
        except Conflict as exc:
            hint = USER_PARAMS.get(exc.field, exc.field)
            raise click.BadParameter(exc.message, param_hint=[hint]) from None
        audit.record("cli", org or site, "role_granted", {
            "email": user.email, "role": data["role"], "site": site.public_key if site else None})

    click.echo(f"{user.email} is now {data['role']} of {where}.")
    if existed and data["password"] is not None:
        click.echo("The account already existed: its password is unchanged.")
    if generated:
        click.echo(f"Password (shown once): {generated}")


@users.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from standard input instead of generating one.")
@click.pass_context
def set_password(ctx: click.Context, email: str, password_stdin: bool) -> None:
    """Give EMAIL a new password (ends the account's other sessions)."""
    raw: dict[str, Any] = {"email": email, "role": "viewer", "organization": "-"}
    if password_stdin:
        raw["password"] = sys.stdin.readline().rstrip("\r\n")
    try:
        data = NewUserSchema().load(raw)
    except ValidationError as exc:
        reject(exc, USER_PARAMS)
    password = data["password"] or secrets.token_urlsafe(12)
    with open_database(load(ctx)):
        user = User.get_or_none(User.email == data["email"])
        if user is None:
            raise click.BadParameter("no account has this email", param_hint=["EMAIL"])
        user.password_hash = hash_password(password)
        user.save(only=[User.password_hash])
        revoke(user=user)
    click.echo(f"{user.email} has a new password; their sessions are ended.")
    if data["password"] is None:
        click.echo(f"Password (shown once): {password}")
