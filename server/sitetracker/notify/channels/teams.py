"""Microsoft Teams' incoming webhooks (and Workflows' "post to a channel when a webhook
request is received"): a message carrying one Adaptive Card, as Teams documents it::

    {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null,
        "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard", "version": "1.2", "body": [...]}}]}
"""

from __future__ import annotations

import json
from typing import Any

from ..content import Notice
from . import Outcome
from .http import post_json

COLOR = {"emergency": "Attention", "warning": "Warning", "info": "Good"}


def card(notice: Notice) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": notice.heading, "size": "Medium", "weight": "Bolder",
         "color": COLOR.get(notice.severity, "Default"), "wrap": True},
        {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in notice.facts]},
    ]
    content: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard", "version": "1.2", "body": body,
    }
    if notice.link:
        content["actions"] = [{"type": "Action.OpenUrl", "title": "Open in SiteTracker",
                               "url": notice.link}]
    return content


def payload(notice: Notice) -> dict[str, Any]:
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card(notice)}]}


def send(url: str, notice: Notice) -> Outcome:
    return post_json(url, json.dumps(payload(notice)).encode())
