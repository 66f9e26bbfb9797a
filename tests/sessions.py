"""Sessions sent through the real ingestion pipeline for the reports tests: what each
seeded session did, and the beacon that sends its events (from an address in Paris)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from .shopping import PARIS_IP

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Session:
    day: date
    visitor: str
    ua: str
    channel: str
    source: tuple[str, str, str]
    key: str  # the session id sent
    times: list[int] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    orders: list[tuple[str, float, int]] = field(default_factory=list)  # currency, value, ts
    carts: list[tuple[str, int]] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    engaged: float = 0.0
    width: int | None = None  # the page width it sends (``w``), if any


def send(client, site, session: Session, events, now: int, clock) -> None:
    clock.set(now)
    body = {"k": site.public_key, "v": session.visitor,
            "s": session.key,
            "ev": events}
    if session.width is not None:
        body["w"] = session.width
    response = client.post("/api/collect", data=json.dumps(body),
                           headers={"Origin": "https://shop-a.test", "User-Agent": session.ua,
                                    "Content-Type": "text/plain"},
                           environ_base={"REMOTE_ADDR": PARIS_IP})
    assert response.status_code == 202, response.json
    assert response.json["ok"] == len(events), response.json
