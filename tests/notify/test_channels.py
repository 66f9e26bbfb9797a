"""Each channel's format, as its service documents it, checked by local receivers: a
real SMTP server for mail, an HTTP server for Slack, Teams and signed webhooks."""

from __future__ import annotations

import hashlib
import hmac
from email.utils import parsedate_to_datetime

import pytest

from sitetracker.notify.channels import mail, slack, teams, webhook
from sitetracker.notify.content import Notice

from ..receivers import http_receiver, smtp_receiver

NOW = 1773140400.0  # 10 March 2026, 11:00 UTC

NOTICE = Notice(
    site="Shop A", title="Checkout trouble: pay_now 3 times in 10 minutes",
    severity="emergency", kind="event_count", at=int(NOW),
    facts=[("Site", "Shop A"), ("Shopper", "shopper-"), ("Page", "/checkout")],
    link="http://localhost/sites/abc/alerts",
    data={"id": 7, "kind": "event_count", "title": "Checkout trouble"})


@pytest.fixture
def receiver():
    with http_receiver() as found:
        yield found


def test_mail_reaches_an_smtp_server_with_its_headers_and_both_parts():
    with smtp_receiver() as server:
        smtp = mail.SmtpSettings("127.0.0.1", server.port, "none", sender="alerts@shop.test")
        msg = mail.message(smtp, ["owner@shop.test"], "[Shop A] Emergency: <trouble>",
                           "plain words", "<p>html &amp; words</p>", NOW)
        outcome = mail.send(smtp, msg)
        assert outcome.ok and outcome.code == 250
        [got] = server.mails
    assert got.sender == "alerts@shop.test" and got.recipients == ["owner@shop.test"]
    message = got.message
    assert message["From"] == "alerts@shop.test" and message["To"] == "owner@shop.test"
    assert message["Subject"] == "[Shop A] Emergency: <trouble>"
    assert parsedate_to_datetime(message["Date"]).timestamp() == NOW
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(
        "@shop.test>")
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content().strip() == "plain words"
    assert message.get_body(("html",)).get_content().strip() == "<p>html &amp; words</p>"


def test_mail_to_a_server_that_is_not_there_may_be_retried():
    from ..servers import free_port

    smtp = mail.SmtpSettings("127.0.0.1", free_port(), "none", sender="a@shop.test")
    outcome = mail.send(smtp, mail.message(smtp, ["b@shop.test"], "s", "t", "<p>t</p>", NOW))
    assert not outcome.ok and outcome.retry


def test_the_html_part_escapes_what_shoppers_could_have_typed():
    html = mail.paragraphs_html("<b>x</b>", [("t", [("Page", "/<script>")], "")])
    assert "<script>" not in html and "&lt;script&gt;" in html


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


def test_a_signed_webhook_verifies_with_the_endpoints_secret(receiver):
    outcome = webhook.send(receiver.url("/hook"), "s3cret", NOTICE, 41, NOW)
    assert outcome.ok
    [request] = receiver.requests
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-SiteTracker-Delivery"] == "41"
    timestamp = request.headers["X-SiteTracker-Timestamp"]
    assert timestamp == str(int(NOW))
    expected = hmac.new(b"s3cret", timestamp.encode() + b"." + request.body,
                        hashlib.sha256).hexdigest()
    assert request.headers["X-SiteTracker-Signature"] == f"sha256={expected}"
    wrong = hmac.new(b"other", timestamp.encode() + b"." + request.body,
                     hashlib.sha256).hexdigest()
    assert request.headers["X-SiteTracker-Signature"] != f"sha256={wrong}"
    body = request.json()
    assert body["type"] == "alert" and body["delivery"] == 41 and body["site"] == "Shop A"
    assert body["alert"]["id"] == 7


@pytest.mark.parametrize("status, retry", [(500, True), (503, True), (429, True),
                                           (404, False), (410, False)])
def test_a_server_error_may_be_retried_a_refusal_not(receiver, status, retry):
    receiver.statuses.append(status)
    outcome = webhook.send(receiver.url("/hook"), "s", NOTICE, 1, NOW)
    assert not outcome.ok and outcome.code == status and outcome.retry is retry


def test_nobody_listening_may_be_retried():
    from ..servers import free_port

    outcome = slack.send(f"http://127.0.0.1:{free_port()}/x", NOTICE)
    assert not outcome.ok and outcome.code is None and outcome.retry
