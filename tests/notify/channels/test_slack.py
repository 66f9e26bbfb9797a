"""Slack's incoming webhooks (channels/slack.py), checked by a local HTTP receiver."""

from __future__ import annotations

from sitetracker.notify.channels import slack
from sitetracker.notify.content import Notice

from .notices import NOTICE


def test_slack_gets_text_and_blocks_as_json(receiver):
    outcome = slack.send(receiver.url("/slack"), NOTICE)
    assert outcome.ok and outcome.code == 200
    [request] = receiver.requests
    assert request.headers["Content-Type"] == "application/json"
    body = request.json()
    assert set(body) == {"text", "blocks"}
    assert body["text"] == (":rotating_light: Emergency: Checkout trouble: pay_now 3 times "
                            "in 10 minutes (Shop A)")
    header, section, actions = body["blocks"]
    assert header == {"type": "header", "text": {
        "type": "plain_text", "emoji": True,
        "text": "Emergency: Checkout trouble: pay_now 3 times in 10 minutes"}}
    assert section["type"] == "section"
    assert {"type": "mrkdwn", "text": "*Page*\n/checkout"} in section["fields"]
    assert actions["elements"][0]["url"] == "http://localhost/sites/abc/alerts"


def test_slack_text_escapes_its_control_characters():
    notice = Notice(site="S", title="<@channel> & co", severity="info", kind="sale", at=0)
    assert slack.payload(notice)["text"] == ":moneybag: Info: &lt;@channel&gt; &amp; co (S)"
