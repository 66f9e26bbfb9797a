"""Slack's incoming webhooks: a JSON ``{"text": ..., "blocks": [...]}``, ``text`` the
fallback shown in notifications, the blocks a header, the facts and a link button."""

from __future__ import annotations

import json
from typing import Any

from ..content import Notice
from . import Outcome
from .http import post_json

EMOJI = {"emergency": ":rotating_light:", "warning": ":warning:", "info": ":moneybag:"}


def _plain(text: str, limit: int) -> str:
    return text[:limit]


def _escape(text: str) -> str:
    """Slack's mrkdwn escaping: the three characters it gives meaning to."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payload(notice: Notice) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                    "text": _plain(notice.heading, 150)}},
    ]
    if notice.facts:
        blocks.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": _escape(f"*{k}*\n{v}")[:2000]}
            for k, v in notice.facts[:10]]})
    if notice.link:
        blocks.append({"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Open in SiteTracker"},
             "url": notice.link[:3000]}]})
    emoji = EMOJI.get(notice.severity, "")
    return {"text": _escape(f"{emoji} {notice.heading} ({notice.site})".strip()),
            "blocks": blocks}


def send(url: str, notice: Notice) -> Outcome:
    return post_json(url, json.dumps(payload(notice)).encode())
