"""Signed webhooks: the alert as JSON, signed with the endpoint's secret so the
receiver can tell it came from us and is fresh (docs/notifications.md).

Headers: ``X-SiteTracker-Timestamp`` (Unix seconds), ``X-SiteTracker-Delivery`` (the
delivery's id, the same on every retry) and ``X-SiteTracker-Signature``:
``sha256=`` + hex HMAC-SHA256 of ``<timestamp>.<body>`` with the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from ..content import Notice
from . import Outcome
from .http import post_json


def body_of(notice: Notice, delivery_id: int) -> bytes:
    data: dict[str, Any] = {"type": "alert" if notice.kind != "test" else "test",
                            "delivery": delivery_id, "site": notice.site,
                            "alert": notice.data, "link": notice.link or None}
    return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def send(url: str, secret: str, notice: Notice, delivery_id: int, now: float) -> Outcome:
    body = body_of(notice, delivery_id)
    timestamp = int(now)
    return post_json(url, body, {
        "X-SiteTracker-Timestamp": str(timestamp),
        "X-SiteTracker-Delivery": str(delivery_id),
        "X-SiteTracker-Signature": signature(secret, timestamp, body),
    })
