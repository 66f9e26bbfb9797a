"""A webhook's signature: the base64 HMAC-SHA256 of the raw body under its secret."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from sitetracker.adapters.signatures import signature_ok

SECRET = "whsec-5f1c2b8e9a7d4c3b2a1f0e9d8c7b6a59"
BODY = b'{"id": 4181, "total": "79.80"}'


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_the_signature_of_the_raw_body_under_the_secret_matches():
    assert signature_ok(SECRET, BODY, signed(BODY))
    assert signature_ok(SECRET, BODY, f"  {signed(BODY)}\n")  # as a header may carry it


def test_another_body_or_secret_does_not_match():
    assert not signature_ok(SECRET, BODY + b" ", signed(BODY))
    assert not signature_ok(SECRET, BODY, signed(BODY, "another secret"))
    assert not signature_ok(SECRET, BODY, signed(BODY).lower())


@pytest.mark.parametrize("header", [None, "", "not base64", "é" * 44])
def test_a_missing_or_garbled_header_does_not_match(header):
    assert not signature_ok(SECRET, BODY, header)


def test_no_secret_matches_nothing_even_its_own_signature():
    assert not signature_ok("", BODY, signed(BODY, ""))
