"""How each channel sends: mail over SMTP, Slack's and Teams' incoming webhooks, and
signed webhooks. Each turns a :class:`~sitetracker.notify.content.Notice` (or several,
for a digest) into its service's documented format; none of them reads storage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to: the status (HTTP code, or the SMTP reply code), what
    went wrong, and whether trying again later may help (5xx, 429, timeouts)."""

    ok: bool
    code: int | None = None
    error: str = ""
    retry: bool = False
