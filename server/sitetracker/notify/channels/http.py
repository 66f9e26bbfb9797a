"""One JSON POST with a bounded time, as every webhook channel sends it."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping

from . import Outcome

TIMEOUT = 10.0
USER_AGENT = "SiteTracker-Notify/1"


def post_json(url: str, body: bytes, headers: Mapping[str, str] | None = None,
              timeout: float = TIMEOUT) -> Outcome:
    """POST ``body`` as ``application/json``; 2xx is success, 5xx, 408, 429 and network
    failures may be retried, any other answer will not change by retrying."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read(4096)
            return Outcome(True, response.status)
    except urllib.error.HTTPError as exc:
        code = exc.code
        retry = code >= 500 or code in (408, 429)
        return Outcome(False, code, f"HTTP {code} {exc.reason}"[:300], retry)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(False, None, f"no answer: {reason}"[:300], True)
