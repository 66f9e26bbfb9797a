"""TOTP codes (RFC 6238's SHA-1 vectors), the accepted window, and recovery codes."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from sitetracker.auth import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode().rstrip("=")


@pytest.mark.parametrize("at, code", [
    (59, "287082"), (1111111109, "081804"), (1111111111, "050471"),
    (1234567890, "005924"), (2000000000, "279037"), (20000000000, "353130"),
])
def test_codes_match_the_rfc_6238_test_vectors(at, code):
    assert totp.code_at(RFC_SECRET, totp.now_step(at)) == code


def test_a_code_is_accepted_one_step_either_side_and_not_further():
    now = 1_700_000_000.0
    step = totp.now_step(now)
    for offset in (-1, 0, 1):
        assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step + offset),
                                  now=now) == step + offset
    for offset in (-2, 2):
        assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step + offset),
                                  now=now) is None


def test_a_code_of_a_step_already_used_is_refused():
    now = 1_700_000_000.0
    step = totp.now_step(now)
    code = totp.code_at(RFC_SECRET, step)
    assert totp.matching_step(RFC_SECRET, code, after=step, now=now) is None
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, step + 1), after=step,
                              now=now) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_match_nothing(code):
    assert totp.matching_step(RFC_SECRET, code) is None


def test_the_provisioning_uri_names_the_issuer_account_and_parameters():
    secret = totp.new_secret()
    uri = urlsplit(totp.provisioning_uri(secret, "ann@shop.test"))
    assert (uri.scheme, uri.netloc, uri.path) == ("otpauth", "totp", "/SiteTracker:ann@shop.test")
    assert {k: v[0] for k, v in parse_qs(uri.query).items()} == {
        "secret": secret, "issuer": "SiteTracker", "algorithm": "SHA1", "digits": "6",
        "period": "30"}
    assert len(base64.b32decode(secret)) == 20


def test_recovery_codes_are_ten_distinct_and_hash_the_same_however_typed():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 10
    code = codes[0]
    assert totp.hash_recovery_code(code.upper().replace("-", " ")) == totp.hash_recovery_code(
        code)
