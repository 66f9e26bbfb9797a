"""Signed server-side requests: a signature over timestamp, nonce and body; stale or
replayed requests are refused, across workers."""

from __future__ import annotations

import json
import secrets
import uuid

import pytest

from sitetracker.auth import signing
from sitetracker.commerce.models import PaymentError

from ..agents import IPHONE
from ..conftest import REDIS_URL, redis_or_skip
from ..shopping import stored


@pytest.fixture
def app_clock(clock):
    return clock


def signed(site, body: bytes, *, timestamp: int, nonce: str | None = None,
           secret: str | None = None) -> dict[str, str]:
    nonce = nonce or secrets.token_hex(16)
    return {
        "Content-Type": "application/json",
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.NONCE_HEADER: nonce,
        signing.SIGNATURE_HEADER: signing.sign(secret or site.secret, str(timestamp), nonce,
                                               body),
    }


def payment_error_body(site) -> bytes:
    return json.dumps({"k": site.public_key, "v": "visitor-0042", "ua": IPHONE,
                       "ev": {"n": "payment_error", "p": {"code": "card_declined"}}}).encode()


def refused_header(response) -> str:
    assert response.status_code == 403, response.json
    [header] = response.json["error"]["fields"]
    return header


def test_the_signing_string_is_timestamp_dot_nonce_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"1773140400.abcdefabcdefabcd.{}", hashlib.sha256)
    assert signing.sign("s3cret", "1773140400", "abcdefabcdefabcd", b"{}") == (
        "sha256=" + expected.hexdigest())


def test_a_signed_payment_error_replayed_byte_for_byte_is_refused_and_logged_once(
        app, client, world, clock):
    site = world.site_a
    body = payment_error_body(site)
    headers = signed(site, body, timestamp=int(clock.now()))
    first = client.post("/api/collect", data=body, headers=headers)
    assert first.status_code == 202 and first.json["ok"] == 1, first.json
    replay = client.post("/api/collect", data=body, headers=headers)
    assert refused_header(replay) == signing.NONCE_HEADER
    assert len(stored(PaymentError)) == 1


@pytest.mark.parametrize("offset", [-301, 301])
def test_a_timestamp_more_than_5_minutes_away_either_way_is_refused(
        app, client, world, clock, offset):
    site = world.site_a
    body = payment_error_body(site)
    response = client.post("/api/collect", data=body,
                           headers=signed(site, body, timestamp=int(clock.now()) + offset))
    assert refused_header(response) == signing.TIMESTAMP_HEADER
    assert stored(PaymentError) == []


@pytest.mark.parametrize("offset", [-300, 300])
def test_a_timestamp_within_5_minutes_is_accepted(app, client, world, clock, offset):
    site = world.site_a
    body = payment_error_body(site)
    response = client.post("/api/collect", data=body,
                           headers=signed(site, body, timestamp=int(clock.now()) + offset))
    assert response.status_code == 202, response.json


@pytest.mark.parametrize("missing", [signing.TIMESTAMP_HEADER, signing.NONCE_HEADER])
def test_a_signature_without_timestamp_or_nonce_is_refused_naming_the_header(
        app, client, world, clock, missing):
    site = world.site_a
    body = payment_error_body(site)
    headers = signed(site, body, timestamp=int(clock.now()))
    del headers[missing]
    assert refused_header(client.post("/api/collect", data=body, headers=headers)) == missing


def test_the_old_body_only_signature_is_refused(app, client, world, clock):
    import hashlib
    import hmac

    site = world.site_a
    body = payment_error_body(site)
    old = "sha256=" + hmac.new(site.secret.encode(), body, hashlib.sha256).hexdigest()
    response = client.post("/api/collect", data=body,
                           headers={signing.SIGNATURE_HEADER: old})
    assert response.status_code == 403


def test_a_changed_timestamp_nonce_or_body_breaks_the_signature(app, client, world, clock):
    site = world.site_a
    body = payment_error_body(site)
    now = int(clock.now())
    for name, value in ((signing.TIMESTAMP_HEADER, str(now + 1)),
                        (signing.NONCE_HEADER, "f" * 32)):
        headers = {**signed(site, body, timestamp=now), name: value}
        response = client.post("/api/collect", data=body, headers=headers)
        assert refused_header(response) == signing.SIGNATURE_HEADER
    other = signed(site, body, timestamp=now, secret="not-the-secret-of-the-site")
    assert refused_header(client.post("/api/collect", data=body, headers=other)) == (
        signing.SIGNATURE_HEADER)
    headers = signed(site, body, timestamp=now)
    changed = body.replace(b"card_declined", b"card_expired")
    assert refused_header(client.post("/api/collect", data=changed, headers=headers)) == (
        signing.SIGNATURE_HEADER)
    assert stored(PaymentError) == []


def test_the_same_nonce_is_fine_on_another_site(app, client, world, clock):
    nonce = secrets.token_hex(16)
    for site in (world.site_a, world.site_b):
        body = payment_error_body(site)
        response = client.post("/api/collect", data=body,
                               headers=signed(site, body, timestamp=int(clock.now()),
                                              nonce=nonce))
        assert response.status_code == 202, response.json


def test_a_nonce_is_used_once_across_workers(store):
    prefix = "t" + uuid.uuid4().hex[:8]
    one, other = signing.Nonces(store, prefix), signing.Nonces(store, prefix)
    assert one.first_use(7, "n" * 16) is True
    assert other.first_use(7, "n" * 16) is False
    assert other.first_use(8, "n" * 16) is True


def test_replays_are_refused_by_another_worker_sharing_redis(client, world, clock,
                                                               app_config):
    from sitetracker import create_app

    redis_or_skip()
    config = {**app_config, "redis_url": REDIS_URL, "redis_prefix": "t" + uuid.uuid4().hex[:8]}
    first, second = create_app(config, clock=clock), create_app(config, clock=clock)
    site = world.site_a
    body = payment_error_body(site)
    headers = signed(site, body, timestamp=int(clock.now()))
    assert first.test_client().post("/api/collect", data=body,
                                    headers=headers).status_code == 202
    replay = second.test_client().post("/api/collect", data=body, headers=headers)
    assert refused_header(replay) == signing.NONCE_HEADER
