"""Two-factor sign-in: a person's TOTP enrolment, their recovery codes, and whether
an organization of theirs requires it. Storage only; the pages are web/two_factor.py.
"""

from __future__ import annotations

from ..db import database
from ..models import Organization, User, utcnow
from . import access, totp
from .models import RecoveryCode, TwoFactor


def enrolled(user: User) -> TwoFactor | None:
    """The person's confirmed enrolment, or None (not enrolled, or not yet confirmed)."""
    row = TwoFactor.get_or_none(TwoFactor.user == user)
    return row if row is not None and row.enabled_at is not None else None


def start_enrolment(user: User) -> TwoFactor:
    """A fresh secret awaiting confirmation (replacing an unconfirmed one)."""
    row = TwoFactor.get_or_none(TwoFactor.user == user)
    if row is not None and row.enabled_at is not None:
        return row
    if row is None:
        return TwoFactor.create(user=user, secret=totp.new_secret())
    row.secret = totp.new_secret()
    row.save(only=[TwoFactor.secret])
    return row


def pending_enrolment(user: User) -> TwoFactor | None:
    row = TwoFactor.get_or_none(TwoFactor.user == user)
    return row if row is not None and row.enabled_at is None else None


def cancel_enrolment(user: User) -> None:
    """Forget an enrolment not yet confirmed (a confirmed one stays)."""
    row = pending_enrolment(user)
    if row is not None:
        row.delete_instance()


def confirm(user: User, code: str) -> list[str] | None:
    """Turn two-factor sign-in on if ``code`` matches the pending secret; returns the
    new recovery codes (to be shown once), or None when the code is wrong."""
    row = pending_enrolment(user)
    if row is None:
        return None
    step = totp.matching_step(row.secret, code)
    if step is None:
        return None
    with database.atomic():
        row.enabled_at = utcnow()
        row.last_step = step
        row.save(only=[TwoFactor.enabled_at, TwoFactor.last_step])
        return replace_recovery_codes(user)


def replace_recovery_codes(user: User) -> list[str]:
    """Ten new codes; the old ones stop working."""
    codes = totp.new_recovery_codes()
    with database.atomic():
        RecoveryCode.delete().where(RecoveryCode.user == user).execute()
        RecoveryCode.insert_many(
            [{"user": user, "code_hash": totp.hash_recovery_code(c)} for c in codes]
        ).execute()
    return codes


def recovery_codes_left(user: User) -> int:
    return int(RecoveryCode.select().where(
        (RecoveryCode.user == user) & RecoveryCode.used_at.is_null()).count())


def check(user: User, code: str) -> str | None:
    """``"code"`` or ``"recovery"`` when ``code`` is a current TOTP code (not used
    before) or an unused recovery code, which is then used up; None otherwise."""
    row = enrolled(user)
    if row is None:
        return None
    step = totp.matching_step(row.secret, code, after=row.last_step)
    if step is not None:
        # Conditional, so two workers given the same code accept it only once.
        updated = TwoFactor.update(last_step=step).where(
            (TwoFactor.id == row.id) & (TwoFactor.last_step < step)).execute()
        return "code" if updated else None
    if len(totp.normalize_recovery_code(code)) != 12:
        return None
    used = RecoveryCode.update(used_at=utcnow()).where(
        (RecoveryCode.user == user) & RecoveryCode.used_at.is_null()
        & (RecoveryCode.code_hash == totp.hash_recovery_code(code))).execute()
    return "recovery" if used else None


def turn_off(user: User) -> None:
    """Remove the enrolment and the recovery codes (also the operator's reset)."""
    with database.atomic():
        TwoFactor.delete().where(TwoFactor.user == user).execute()
        RecoveryCode.delete().where(RecoveryCode.user == user).execute()


def requiring_organizations(user: User) -> list[Organization]:
    """The person's organizations whose owners require a second factor."""
    return [org for org in access.member_organizations(user) if org.require_two_factor]


def must_enrol(user: User) -> bool:
    return enrolled(user) is None and bool(requiring_organizations(user))
