"""Mail over SMTP (channels/mail.py), checked by a real local SMTP server."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from sitetracker.notify.channels import mail

from ...receivers import smtp_receiver
from .notices import NOW


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
    from ...servers import free_port

    smtp = mail.SmtpSettings("127.0.0.1", free_port(), "none", sender="a@shop.test")
    outcome = mail.send(smtp, mail.message(smtp, ["b@shop.test"], "s", "t", "<p>t</p>", NOW))
    assert not outcome.ok and outcome.retry


def test_the_html_part_escapes_what_shoppers_could_have_typed():
    html = mail.paragraphs_html("<b>x</b>", [("t", [("Page", "/<script>")], "")])
    assert "<script>" not in html and "&lt;script&gt;" in html
