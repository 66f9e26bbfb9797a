"""``POST /api/collect``: events by HTTP beacon, from browsers and from servers.

Guards, in order: the address has not sent more than its limit a minute (unless the
request is signed); the body parses as JSON (any content type: browsers send text/plain
so there is no CORS preflight) and validates; the site key exists; the request comes
from a page on one of the site's domains, or carries the site secret's signature; then
the visit and event steps run, and the answer says what was kept and dropped.
Bots get 202 like everyone (so they do not retry) but are never counted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from flask import current_app, request
from flask.typing import ResponseReturnValue

from ..auth import csrf
from ..ingest.pipeline import Result, presence_of
from ..ingest.schemas import BeaconSchema
from ..ingest.visit import Drop, identify
from ..limits import AddressLimits
from ..live.directory import SiteInfo
from . import bp, responses
from .docs import doc
from .errors import ApiError

SIGNATURE_HEADER = "X-SiteTracker-Signature"
SERVER_SIDE_AGENT = "server-side sender"
_beacon = BeaconSchema()


@bp.after_request
def _cors(response: Any) -> Any:
    """Pages may read the answer (and its errors) from any origin: it holds nothing
    private, and what counts is decided by the site's domains and signatures."""
    origin = request.headers.get("Origin")
    if origin and request.endpoint == "api.collect":
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.strip())


@bp.post("/collect")
@doc("Events by beacon (any content type, JSON body; Origin or X-SiteTracker-Signature)",
     ok=202, response=responses.Collected, body=BeaconSchema, auth=False,
     errors=(403, 404, 413, 429))
def collect() -> ResponseReturnValue:
    tracking = current_app.extensions["sitetracker"]
    if SIGNATURE_HEADER not in request.headers:
        limits: AddressLimits = current_app.extensions["sitetracker.limits"]
        wait = limits.take_collect(request.remote_addr, tracking.clock.now())
        if wait:
            raise ApiError(429, "too many requests from this address; slow down",
                           retry_after=wait)
    body = request.get_data(cache=False)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "the body must be JSON", {"body": "not valid JSON"}) from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object", {"body": "expected an object"})
    beacon = _beacon.load(data)

    site = tracking.sites.by_key(beacon["k"])
    if site is None:
        raise ApiError(404, "unknown site key", {"k": "no site has this key"})

    signature = request.headers.get(SIGNATURE_HEADER)
    if signature is not None:
        if not signature_ok(site.secret, body, signature):
            raise ApiError(403, "bad signature", {SIGNATURE_HEADER: "does not match the body"})
        user_agent = beacon.get("ua") or SERVER_SIDE_AGENT
        ip = None
    else:
        origin = request.headers.get("Origin")
        if origin == "null":
            # An opaque origin: sandboxed frames (Shopify's customer-event pixels) send
            # it; their Referer, when sent, still names the page.
            origin = None
        if not site.allows_origin(origin or request.referrer):
            raise ApiError(403, "this page's domain is not allowed for the site",
                           {"origin": "not one of the site's domains"})
        user_agent = request.headers.get("User-Agent", "")
        ip = request.remote_addr

    trusted = request.headers if tracking.settings.trusted_proxies else None
    result = record(site, beacon, user_agent, ip, trusted)
    return current_app.response_class(
        json.dumps(result.as_json()), status=202, mimetype="application/json")


def record(site: SiteInfo, beacon: dict[str, Any], user_agent: str, ip: str | None = None,
           trusted: Any = None) -> Result:
    """Run a validated, authorised beacon of ``site`` through the visit steps and the
    pipeline: what ``/api/collect`` does once its guards passed."""
    tracking = current_app.extensions["sitetracker"]
    visit = identify(site, beacon, user_agent, ip, tracking.geo, trusted)
    if isinstance(visit, Drop):
        result = Result()
        result.dropped[visit.reason] += len(beacon["ev"])
        return result
    now = tracking.clock.now()
    tracking.seed(site)
    tracking.live.seen(site.id, presence_of(visit, now), now)
    result = tracking.pipeline.run(visit, beacon["ev"])
    if any(event["n"] == "leave" for event in beacon["ev"]):
        # The page closed: the shopper departs after the grace, unless another of
        # their pages holds a connection (its worker renews them before then).
        tracking.live.disconnected(site.id, visit.visitor, now)
    return result


def collect_signed(site: SiteInfo, body: dict[str, Any], user_agent: str | None = None
                   ) -> Result:
    """Record events a server vouches for (a platform adapter that has authenticated its
    sender), exactly as a signed ``/api/collect`` request with this ``body`` would be.

    ``body`` is validated like any beacon (``ValidationError`` names the field); its
    ``k`` must be ``site``'s key. Without ``ua`` in the body, ``user_agent`` (else
    ``"server-side sender"``) describes the shopper's browser.
    """
    beacon = _beacon.load(body)
    if beacon["k"] != site.key:
        raise ValueError("the body's site key is not the site's")
    agent = beacon.get("ua") or user_agent or SERVER_SIDE_AGENT
    return record(site, beacon, agent)


csrf.exempt("api.collect")
