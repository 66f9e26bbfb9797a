"""Microsoft Teams' incoming webhooks (channels/teams.py), checked by a local HTTP
receiver."""

from __future__ import annotations

from sitetracker.notify.channels import teams

from .notices import NOTICE


def test_teams_gets_a_message_carrying_one_adaptive_card(receiver):
    outcome = teams.send(receiver.url("/teams"), NOTICE)
    assert outcome.ok
    [request] = receiver.requests
    assert request.headers["Content-Type"] == "application/json"
    body = request.json()
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["contentUrl"] is None
    card = attachment["content"]
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.2"
    title, facts = card["body"]
    assert title["type"] == "TextBlock" and title["color"] == "Attention"
    assert title["text"] == "Emergency: Checkout trouble: pay_now 3 times in 10 minutes"
    assert {"title": "Page", "value": "/checkout"} in facts["facts"]
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Open in SiteTracker",
                                "url": "http://localhost/sites/abc/alerts"}]
