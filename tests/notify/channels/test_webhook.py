"""Signed webhooks (channels/webhook.py), checked by a local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac

from sitetracker.notify.channels import webhook

from .notices import NOTICE, NOW


def test_a_signed_webhook_verifies_with_the_endpoints_secret(receiver):
    outcome = webhook.send(receiver.url("/hook"), "s3cret", NOTICE, 41, NOW)
    assert outcome.ok
    [request] = receiver.requests
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-SiteTracker-Delivery"] == "41"
    timestamp = request.headers["X-SiteTracker-Timestamp"]
    assert timestamp == str(int(NOW))
    expected = hmac.new(b"s3cret", timestamp.encode() + b"." + request.body,
                        hashlib.sha256).hexdigest()
    assert request.headers["X-SiteTracker-Signature"] == f"sha256={expected}"
    wrong = hmac.new(b"other", timestamp.encode() + b"." + request.body,
                     hashlib.sha256).hexdigest()
    assert request.headers["X-SiteTracker-Signature"] != f"sha256={wrong}"
    body = request.json()
    assert body["type"] == "alert" and body["delivery"] == 41 and body["site"] == "Shop A"
    assert body["alert"]["id"] == 7
