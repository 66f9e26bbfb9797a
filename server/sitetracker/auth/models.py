"""What sign-in stores: server-side sessions, and each person's second factor.

A session row is the only thing a session cookie points at (by the SHA-256 of a random
key the cookie carries), so ending the row ends the session wherever the cookie is used.
"""

from __future__ import annotations

from peewee import BigIntegerField, BooleanField, CharField, DateTimeField, ForeignKeyField

from ..models import BaseModel, User, utcnow


class UserSession(BaseModel):
    """One signed-in browser. ``pending`` until its second step passed (if it has one)."""

    user = ForeignKeyField(User, backref="sessions", on_delete="CASCADE")
    user_id: int
    key_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)
    user_agent = CharField(max_length=120, default="")
    pending = BooleanField(default=False)
    revoked_at = DateTimeField(null=True)


class TwoFactor(BaseModel):
    """A person's TOTP secret (base32). Until ``enabled_at`` is set it is an enrolment
    not yet confirmed by a code, and sign-in does not ask for one."""

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    secret = CharField(max_length=64)
    enabled_at = DateTimeField(null=True)
    last_step = BigIntegerField(default=0)  # the newest time step used: no replays


class RecoveryCode(BaseModel):
    """A single-use recovery code; only its SHA-256 is stored."""

    user = ForeignKeyField(User, backref="recovery_codes", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    used_at = DateTimeField(null=True)


class Operator(BaseModel):
    """Someone who runs this installation: sees every organization and the pipeline's
    health, never shopper data. Granted from the command line only."""

    user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
    granted_at = DateTimeField(default=utcnow)
