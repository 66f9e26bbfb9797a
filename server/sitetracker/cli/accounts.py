"""``sitetracker users sessions ...``, ``sitetracker users 2fa ...`` and ``sitetracker
users operator ...``: an operator's help for a person who lost a device, and who runs
the installation. Ending sessions here ends them for pages and the
API at once; live dashboards opened with them close within seconds (each worker sweeps
its admin sockets).
"""

from __future__ import annotations

from typing import Any

import click
from marshmallow import ValidationError

from ..auth import two_factor
from ..auth.models import Operator, UserSession
from ..auth.session import LIFETIME, revoke
from ..models import User, utcnow
from ..schemas import NewUserSchema
from .base import load, open_database, reject
from .tenants import USER_PARAMS, users


def _email(email: str) -> str:
    try:
        data = NewUserSchema().load({"email": email, "role": "viewer", "organization": "-"})
    except ValidationError as exc:
        reject(exc, USER_PARAMS)
    return str(data["email"])


def _user(email: str) -> User:
    user = User.get_or_none(User.email == email)
    if user is None:
        raise click.BadParameter("no account has this email", param_hint=["EMAIL"])
    return user


@users.group("sessions")
def sessions() -> None:
    """See and end where a person is signed in."""


@sessions.command("list")
@click.argument("email")
@click.pass_context
def list_sessions(ctx: click.Context, email: str) -> None:
    """EMAIL's live sessions: id, signed in, last seen, browser."""
    address = _email(email)
    with open_database(load(ctx)):
        rows: Any = (UserSession.select()
                     .where((UserSession.user == _user(address))
                            & UserSession.revoked_at.is_null()
                            & (UserSession.last_seen_at > utcnow() - LIFETIME))
                     .order_by(UserSession.last_seen_at.desc()))
        for row in rows:
            state = " (code step)" if row.pending else ""
            click.echo(f"{row.id}\t{row.created_at:%Y-%m-%d %H:%M}\t"
                       f"{row.last_seen_at:%Y-%m-%d %H:%M}\t{row.user_agent}{state}")


@sessions.command("revoke")
@click.argument("email")
@click.pass_context
def revoke_sessions(ctx: click.Context, email: str) -> None:
    """Sign EMAIL out everywhere."""
    address = _email(email)
    with open_database(load(ctx)):
        ended = revoke(user=_user(address))
    click.echo(f"{address}: {len(ended)} session(s) ended.")


@users.group("2fa")
def two_factor_group() -> None:
    """Two-factor sign-in of a person."""


@two_factor_group.command("reset")
@click.argument("email")
@click.pass_context
def reset_two_factor(ctx: click.Context, email: str) -> None:
    """Turn off EMAIL's two-factor sign-in (a lost phone and lost recovery codes) and end
    their sessions; they sign in with their password and, if an organization requires
    it, enrol again."""
    address = _email(email)
    with open_database(load(ctx)):
        user = _user(address)
        two_factor.turn_off(user)
        ended = revoke(user=user)
    click.echo(f"{address}: two-factor sign-in is off; {len(ended)} session(s) ended.")


@users.group("operator")
def operator_group() -> None:
    """The installation-wide operator role: every organization and the pipeline's health,
    no shopper data."""


@operator_group.command("grant")
@click.argument("email")
@click.pass_context
def grant_operator(ctx: click.Context, email: str) -> None:
    """Make EMAIL an operator of this installation."""
    address = _email(email)
    with open_database(load(ctx)):
        user = _user(address)
        if Operator.get_or_none(Operator.user == user) is None:
            Operator.create(user=user)
    click.echo(f"{address} is an operator: every organization and the health figures, "
               "no shopper data.")


@operator_group.command("revoke")
@click.argument("email")
@click.pass_context
def revoke_operator(ctx: click.Context, email: str) -> None:
    """EMAIL no longer operates this installation; their sessions end."""
    address = _email(email)
    with open_database(load(ctx)):
        user = _user(address)
        Operator.delete().where(Operator.user == user).execute()
        ended = revoke(user=user)
    click.echo(f"{address} is no longer an operator; {len(ended)} session(s) ended.")
