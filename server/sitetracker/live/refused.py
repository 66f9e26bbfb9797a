"""Why a feature refused a request on the live channel (a chat message too many, a
shopper not to be watched): turned into the error acknowledgement
(``{"error": {"status", "message", "fields"}}``) by :mod:`.handlers`, and into a page's
message by the admin web. Here, below the features, so every feature may raise it."""

from __future__ import annotations


class Refused(Exception):
    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields


def too_many(wait: float, what: str) -> Refused:
    return Refused(429, f"too many {what}: try again in {int(wait + 0.999)} s")
