"""The "verify installation" mode: one browser's events, shown live on the site page.

An admin starts it on the site page and gets a short code, kept in the live store for
:data:`CODE_TTL` seconds under :func:`code_key`. A browser that opens the store with
``?st_verify=<code>`` remembers it for the tab and sends it with its events (``vf``);
whatever becomes of them is told to the site's admin sockets as a ``verify`` message:
the events kept, those dropped with the pipeline's reason
(:data:`sitetracker.ingest.pipeline.DROP_EXPLAINED`), or the whole request refused
before the pipeline, with one of :data:`REFUSALS` (its origin, an invalid field).
Only beacons carrying a code look the code up: other shoppers cost nothing.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Protocol

from ..domain import SiteInfo
from ..ingest.pipeline import DROP_EXPLAINED, Result
from ..ingest.schemas import VERIFY_CODE_RE
from ..store_api import KeyValue

if TYPE_CHECKING:
    from ..live.emit import Emitter  # given at the app factory

CODE_TTL = 3600
CODE_RE = VERIFY_CODE_RE
MESSAGE = "verify"
REFUSED_ORIGIN = "origin"
REFUSED_INVALID = "invalid"
# Why a whole request was refused before any of its events reached the pipeline.
REFUSALS = {
    REFUSED_ORIGIN: "refused: this page's domain is not one of the site's domains (add it "
                    "under Settings, Domains)",
    REFUSED_INVALID: "refused: the request is not valid",
}


class CodeStore(KeyValue, Protocol):
    """The live store's commands the codes use."""


def code_key(prefix: str, code: str) -> str:
    return f"{prefix}:verify:{code}"


def valid_code(value: Any) -> str:
    """``value`` if it has the shape of a code, else ""."""
    return value if isinstance(value, str) and CODE_RE.match(value) else ""


class Verifier:
    """Starts verify sessions and tells the site's admins what became of their events."""

    def __init__(self, store: CodeStore, prefix: str, emitter: Emitter) -> None:
        self.store = store
        self.prefix = prefix
        self.emitter = emitter

    def start(self, site_id: int) -> str:
        code = secrets.token_hex(4)
        self.store.set(code_key(self.prefix, code), str(site_id), ex=CODE_TTL)
        return code

    def is_for(self, site: SiteInfo, code: str) -> bool:
        if not valid_code(code):
            return False
        found = self.store.get(code_key(self.prefix, code))
        if isinstance(found, bytes):
            found = found.decode()
        return found == str(site.id)

    def _tell(self, site: SiteInfo, code: str, report: dict[str, Any]) -> None:
        if self.is_for(site, code):
            self.emitter.to_admins(site, MESSAGE, {"code": code, **report})

    def outcome(self, site: SiteInfo, code: str, names: list[str], page: str,
                result: Result, now: float) -> None:
        """A batch went through the pipeline: what was kept, what dropped and why."""
        self._tell(site, code, {
            "at": int(now), "events": names[:20], "page": page[:300], "kept": result.kept,
            "dropped": [{"reason": reason, "count": count,
                         "why": DROP_EXPLAINED.get(reason, reason)}
                        for reason, count in sorted(result.dropped.items())],
        })

    def refusal(self, site: SiteInfo, code: str, refusal: str, now: float,
                detail: str = "") -> None:
        """The whole request was refused before the pipeline (``refusal`` of REFUSALS)."""
        why = REFUSALS[refusal] + (f": {detail}" if detail else "")
        self._tell(site, code, {"at": int(now), "events": [], "page": "", "kept": 0,
                                "refused": refusal, "dropped": [
                                    {"reason": refusal, "count": 0, "why": why[:400]}]})
