from __future__ import annotations

import pytest

from sitetracker.auth.tokens import (
    TokenError,
    hash_api_token,
    mint_admin_token,
    new_api_token,
    unverified_site,
    verify_admin_token,
)

SECRET = "s3cret-of-the-site"


def test_admin_token_round_trip_gives_claims():
    token = mint_admin_token(SECRET, "abc123", "alice@shop.test", role="viewer", ttl=60)
    claims = verify_admin_token(token, SECRET, "abc123")
    assert (claims.site, claims.sub, claims.role) == ("abc123", "alice@shop.test", "viewer")
    assert unverified_site(token) == "abc123"


def test_admin_token_signed_with_old_secret_is_refused():
    token = mint_admin_token(SECRET, "abc123", "alice")
    with pytest.raises(TokenError, match="signature"):
        verify_admin_token(token, "rotated-secret", "abc123")


def test_admin_token_for_another_site_is_refused():
    token = mint_admin_token(SECRET, "other", "alice")
    with pytest.raises(TokenError, match="another site"):
        verify_admin_token(token, SECRET, "abc123")


def test_expired_admin_token_is_refused():
    token = mint_admin_token(SECRET, "abc123", "alice", ttl=60, now=1_000_000)
    with pytest.raises(TokenError, match="expired"):
        verify_admin_token(token, SECRET, "abc123", now=1_000_061)


def test_admin_token_living_longer_than_a_week_is_refused():
    token = mint_admin_token(SECRET, "abc123", "alice", ttl=8 * 24 * 3600)
    with pytest.raises(TokenError, match="7 days"):
        verify_admin_token(token, SECRET, "abc123")


def test_admin_token_with_owner_role_is_refused():
    token = mint_admin_token(SECRET, "abc123", "alice", role="owner")
    with pytest.raises(TokenError, match="role"):
        verify_admin_token(token, SECRET, "abc123")


@pytest.mark.parametrize("garbage", ["", "a.b", "a.b.c", "x" * 5000, "....", None, 42])
def test_malformed_admin_tokens_are_refused(garbage):
    with pytest.raises(TokenError):
        verify_admin_token(garbage, SECRET, "abc123")


def test_admin_token_minted_by_a_plain_backend_is_accepted():
    """The README tells store backends to mint tokens with nothing but HMAC-SHA256."""
    import base64
    import hashlib
    import hmac
    import json
    import time

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"site": "abc123", "sub": "bob", "role": "admin",
                             "exp": int(time.time()) + 600}).encode())
    signature = b64(hmac.new(SECRET.encode(), f"{header}.{claims}".encode(),
                             hashlib.sha256).digest())
    assert verify_admin_token(f"{header}.{claims}.{signature}", SECRET, "abc123").sub == "bob"


def test_api_tokens_are_random_and_stored_only_as_hash():
    token, token_hash, prefix = new_api_token()
    other, _, _ = new_api_token()
    assert token != other
    assert token.startswith("st_") and token.startswith(prefix)
    assert token_hash == hash_api_token(token) and token not in token_hash
