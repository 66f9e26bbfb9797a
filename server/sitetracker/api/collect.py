"""``POST /api/collect``: events by HTTP beacon, from browsers and from servers.

Guards, in order: the address has not sent more than its limit a minute (unless the
request is signed); the body parses as JSON (any content type: browsers send text/plain
so there is no CORS preflight) and validates; the site key exists; the request comes
from a page on one of the site's domains, or carries the site secret's signature; then
the pipeline runs (:func:`sitetracker.ingest.pipeline.ingestion`), and the answer says
what was kept and dropped. Bots get 202 like everyone (so they do not retry) but are
never counted: the pipeline drops their events.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..adapters.connections import shopify_connection
from ..auth import csrf, signing
from ..db import database
from ..domain import SiteInfo
from ..ingest.pipeline import Result
from ..ingest.schemas import PIXEL_MARKER, BeaconSchema
from ..ingest.visit import identify
from ..install.sightings import WIDGET
from ..limits import AddressLimits
from ..validation import first_errors
from . import bp, responses
from .docs import doc
from .errors import ApiError

SIGNATURE_HEADER = signing.SIGNATURE_HEADER
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


def check_signed(site: SiteInfo, body: bytes) -> None:
    """A signed request's guards: the signature over timestamp, nonce and body, a
    timestamp within 5 minutes, and a nonce this site never saw (403 naming the header)."""
    tracking = current_app.extensions["sitetracker"]
    refusal = signing.check(site.secret, request.headers, body, tracking.clock.now())
    if refusal is None:
        nonce = request.headers[signing.NONCE_HEADER].strip()
        if not signing.Nonces(tracking.store, tracking.live.prefix).first_use(site.id, nonce):
            refusal = signing.Refusal(signing.NONCE_HEADER, "already used: sign every "
                                                            "request with a new nonce")
    if refusal is not None:
        raise ApiError(403, "bad signature", {refusal.header: refusal.message})


@bp.post("/collect")
@doc("Events by beacon (any content type, JSON body; Origin or X-SiteTracker-Signature)",
     ok=202, response=responses.Collected, body=BeaconSchema, auth=False,
     errors=(403, 404, 413, 429))
@csrf.exempt
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
    try:
        beacon = _beacon.load(data)
    except ValidationError as exc:
        _tell_verifying(data, exc)
        raise

    site = tracking.sites.by_key(beacon["k"])
    if site is None:
        raise ApiError(404, "unknown site key", {"k": "no site has this key"})

    signed = request.headers.get(SIGNATURE_HEADER) is not None
    if signed:
        check_signed(site, body)
        user_agent = beacon.get("ua") or SERVER_SIDE_AGENT
        ip = None
    else:
        if not page_allowed(site, beacon):
            tracking.install.refused(site, request.headers.get("Origin") or request.referrer,
                                     beacon.get("vf"))
            raise ApiError(403, "this page's domain is not allowed for the site",
                           {"origin": "not one of the site's domains"})
        user_agent = request.headers.get("User-Agent", "")
        ip = request.remote_addr

    trusted = request.headers if tracking.settings.trusted_proxies else None
    result = record(site, beacon, user_agent, ip, trusted, live=not signed)
    return current_app.response_class(
        json.dumps(result.as_json()), status=202, mimetype="application/json")


def _tell_verifying(data: dict[str, Any], exc: ValidationError) -> None:
    """A verifying browser's invalid beacon: its site's verify view names the fields."""
    tracking = current_app.extensions["sitetracker"]
    key, code = data.get("k"), data.get("vf")
    site = tracking.sites.by_key(key) if isinstance(key, str) and len(key) <= 32 else None
    if site is not None and code:
        tracking.install.invalid(site, code, first_errors(exc))


def page_allowed(site: SiteInfo, beacon: dict[str, Any]) -> bool:
    """Whether an unsigned beacon comes from one of the site's pages.

    The Origin (else the Referer) must be on one of the site's domains. Shopify's
    customer-events pixel runs in a sandboxed frame with an opaque origin: the browser
    sends ``Origin: null`` and no Referer at all. Such a beacon is accepted only when it
    says it is the pixel's (``"src": "shopify_pixel"``), every event names its page
    (``u``, the pixel's ``event.context.document.location.href``) on one of the site's
    domains, and the site is connected to Shopify. This trusts the page URL the sender
    writes: anyone can forge it (as anyone can forge a Referer with curl), so it keeps
    other stores' pages out by mistake, not an attacker (README, Shopify).
    """
    origin = request.headers.get("Origin")
    referrer = request.referrer
    if origin != "null" or referrer:
        # An opaque origin with a Referer (older sandboxes): the Referer names the page.
        return site.allows_origin(referrer if origin == "null" else origin or referrer)
    if beacon.get("src") != PIXEL_MARKER:
        return False
    if not all(event.get("u") and site.allows_origin(event["u"]) for event in beacon["ev"]):
        return False
    with database.connection_context():
        return shopify_connection(site.id) is not None


def record(site: SiteInfo, beacon: dict[str, Any], user_agent: str, ip: str | None = None,
           trusted: Any = None, live: bool = True) -> Result:
    """Run a validated, authorised beacon of ``site`` through the visit steps and the
    pipeline: what ``/api/collect`` does once its guards passed.

    ``live`` is False for events a server sends (webhooks, signed beacons): they are
    about a shopper but are not one, so they never make anyone live; their tokens join
    them to the browser's shopper (:mod:`sitetracker.ingest.join`)."""
    tracking = current_app.extensions["sitetracker"]
    beacon = tracking.links.join(site.id, beacon, browser=live)
    visit = identify(site, beacon, user_agent, ip, tracking.geo, trusted, browser=live)
    result = tracking.pipeline.run(visit, beacon["ev"], beacon=True, live=live)
    if live:  # the widget (or Shopify's pixel) is installed; its verify view is told
        pixel = beacon.get("src") == PIXEL_MARKER
        tracking.install.kept(site.id, "shopify" if pixel else WIDGET, beacon["ev"], result)
        tracking.install.outcome(site, beacon.get("vf"), beacon["ev"], result)
    return tracking.pipeline.observe(len(beacon["ev"]), result)


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
    return record(site, beacon, agent, live=False)

