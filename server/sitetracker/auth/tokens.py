"""Tokens: signed, expiring admin tokens (JWT, HS256) and personal API tokens.

An admin token lets an admin's browser (the dashboard or the admin overlay) join a
site's live channel. It is a compact JWT signed with HMAC-SHA256 using the site's
secret, with these claims::

    {"site": "<public site key>", "sub": "<who, shown to other admins>",
     "role": "admin" | "viewer", "exp": <unix seconds>, "iat": <unix seconds>}

so any store backend can mint one in a few lines (see the README). Rotating the
site's secret invalidates every token minted with the old one.

Personal API tokens are random strings shown once; only their SHA-256 is stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

ADMIN_TOKEN_ROLES = ("viewer", "admin")
MAX_ADMIN_TOKEN_LIFETIME = 7 * 24 * 3600
MAX_TOKEN_LENGTH = 2048
API_TOKEN_PREFIX = "st_"


class TokenError(ValueError):
    """The token is malformed, forged or expired; the message says which."""


@dataclass(frozen=True)
class AdminClaims:
    site: str
    sub: str
    role: str
    exp: int


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint_admin_token(
    secret: str, site_key: str, sub: str, role: str = "admin", ttl: int = 12 * 3600,
    now: float | None = None,
) -> str:
    """Return a JWT for ``site_key`` signed with the site ``secret``."""
    issued = int(time.time() if now is None else now)
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"site": site_key, "sub": sub, "role": role, "iat": issued, "exp": issued + ttl}
    signing_input = ".".join(
        _b64encode(json.dumps(part, separators=(",", ":")).encode()) for part in (header, claims)
    )
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64encode(signature)}"


def unverified_site(token: str) -> str | None:
    """The ``site`` claim before verification, to find which secret to check with."""
    try:
        claims = json.loads(_b64decode(token.split(".")[1]))
        site = claims.get("site")
        return site if isinstance(site, str) else None
    except (IndexError, ValueError, AttributeError):
        return None


def verify_admin_token(token: str, secret: str, site_key: str, now: float | None = None
                       ) -> AdminClaims:
    """Check signature, site, role and expiry; raise :class:`TokenError` if any fails."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        raise TokenError("malformed token")
    head, body, signature = token.split(".")
    try:
        header = json.loads(_b64decode(head))
        claims: dict[str, Any] = json.loads(_b64decode(body))
        given = _b64decode(signature)
    except ValueError:
        raise TokenError("malformed token") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise TokenError("token must be signed with HS256")
    expected = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, given):
        raise TokenError("bad signature")
    if not isinstance(claims, dict) or claims.get("site") != site_key:
        raise TokenError("token is for another site")
    exp, sub, role = claims.get("exp"), claims.get("sub", ""), claims.get("role", "admin")
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise TokenError("token has no expiry")
    current = time.time() if now is None else now
    if exp <= current:
        raise TokenError("token expired")
    if exp - current > MAX_ADMIN_TOKEN_LIFETIME:
        raise TokenError("token lifetime exceeds 7 days")
    if role not in ADMIN_TOKEN_ROLES:
        raise TokenError("role must be admin or viewer")
    if not isinstance(sub, str) or len(sub) > 120:
        raise TokenError("sub must be a string of at most 120 characters")
    return AdminClaims(site=site_key, sub=sub or "admin", role=role, exp=exp)


def new_api_token() -> tuple[str, str, str]:
    """A fresh personal API token: (token shown once, its hash, a display prefix)."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_api_token(token), token[:10]


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_site_key() -> str:
    """A public site key: short, URL-safe, unguessable enough to not be enumerable."""
    return secrets.token_hex(8)


def new_site_secret() -> str:
    return secrets.token_urlsafe(36)
