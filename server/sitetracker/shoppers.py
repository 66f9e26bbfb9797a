"""One name per shopper, the same wherever admins meet them (alerts, chat, the live
shoppers table, the live view), so "the shopper in this emergency" is recognisably "the
one in this chat".

The name is derived from the shopper's ``ref`` (the visitor hash every admin-facing
payload carries, never the visitor id itself) and the UTC day: stable all day, and a
new one the next day, so names do not follow a shopper from day to day. Front ends show
the name the server sends; none of them derives one.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime


def day_of(ts: float) -> date:
    """The UTC day a name belongs to."""
    return datetime.fromtimestamp(ts, UTC).date()


def shopper_name(ref: str, when: float | date) -> str:
    """``"Shopper 1d71d2"``: the shopper ``ref``'s name on the day of ``when`` (Unix
    seconds or a date)."""
    day = when if isinstance(when, date) else day_of(when)
    digest = hashlib.sha256(f"{ref}:{day.isoformat()}".encode()).hexdigest()
    return "Shopper " + digest[:6]
