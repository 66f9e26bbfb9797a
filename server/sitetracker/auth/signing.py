"""Signed server-side requests: what a store's server signs with the site secret, and
the checks that make a signed request good once only.

The signing string is ``<timestamp> "." <nonce> "." <body>``: the timestamp (Unix
seconds) and the nonce (16 to 64 letters, digits, ``-`` or ``_``, new for every request)
travel in their own headers, so a captured request can neither be replayed (its nonce
is remembered) nor kept for later (its timestamp goes stale). Nonces are remembered in
the live store, shared by every worker, for as long as their timestamp is acceptable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from ..store_api import KeyValue

SIGNATURE_HEADER = "X-SiteTracker-Signature"
TIMESTAMP_HEADER = "X-SiteTracker-Timestamp"
NONCE_HEADER = "X-SiteTracker-Nonce"
MAX_SKEW = 300  # seconds a timestamp may be behind or ahead of the server's clock
NONCE_TTL = 2 * MAX_SKEW + 60  # a nonce outlives every timestamp it could come with
_NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def signing_string(timestamp: str, nonce: str, body: bytes) -> bytes:
    return f"{timestamp}.{nonce}.".encode("ascii") + body


def sign(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    """The ``X-SiteTracker-Signature`` value: ``sha256=<hex HMAC-SHA256>``."""
    digest = hmac.new(secret.encode(), signing_string(timestamp, nonce, body), hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass(frozen=True)
class Refusal:
    """Why a signed request is refused: the header at fault and what is wrong."""

    header: str
    message: str


def check(secret: str, headers: Any, body: bytes, now: float) -> Refusal | None:
    """The signature, then the timestamp's freshness; None when both hold. The nonce's
    novelty is :meth:`Nonces.first_use`'s, once this passed (so only a request signed
    with the secret can take up room in the store). ``headers``: any mapping with
    ``get`` (a request's headers)."""
    timestamp = (headers.get(TIMESTAMP_HEADER) or "").strip()
    nonce = (headers.get(NONCE_HEADER) or "").strip()
    if not _TIMESTAMP.fullmatch(timestamp):
        return Refusal(TIMESTAMP_HEADER, "required with a signature: Unix seconds")
    if not _NONCE.fullmatch(nonce):
        return Refusal(NONCE_HEADER, "required with a signature: 16 to 64 letters, "
                                     "digits, - or _, new for every request")
    given = (headers.get(SIGNATURE_HEADER) or "").strip()
    if not hmac.compare_digest(sign(secret, timestamp, nonce, body), given):
        return Refusal(SIGNATURE_HEADER, "does not match the timestamp, nonce and body")
    if abs(now - int(timestamp)) > MAX_SKEW:
        return Refusal(TIMESTAMP_HEADER, "more than 5 minutes from the server's clock")
    return None


def nonce_key(prefix: str, site: int, nonce: str) -> str:
    """Where a used nonce is kept (``NONCE_TTL``): ``<prefix>:nonce:<site>:<nonce>``."""
    return f"{prefix}:nonce:{site}:{nonce}"


class Nonces:
    """Nonces already used, per site, in the live store (under :func:`nonce_key`)."""

    def __init__(self, store: KeyValue, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix

    def first_use(self, site: int, nonce: str) -> bool:
        """Remember ``nonce``; True only for the first caller, on any worker."""
        return bool(self.store.set(nonce_key(self.prefix, site, nonce), "1", nx=True,
                                   ex=NONCE_TTL))
