"""Sending mail over SMTP with the installation's settings: alerts and digests here,
scheduled reports later, through the same :class:`SmtpSettings` and :func:`send`.

A message is built with :func:`message` (plain text and HTML alternatives, the
``From``/``To``/``Subject``/``Date``/``Message-ID`` headers) and handed to :func:`send`,
which answers with an :class:`~sitetracker.notify.channels.Outcome`: a temporary SMTP
failure (4xx, a network error) may be retried, a permanent one (5xx) will not be.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from . import Outcome

TIMEOUT = 20.0


@dataclass(frozen=True)
class SmtpSettings:
    """Where mail goes out. Without a host there is no mail."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls, tls or none
    username: str = ""
    password: str = ""
    sender: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender)

    @classmethod
    def of(cls, settings: Any) -> SmtpSettings:
        """From the app's :class:`~sitetracker.config.Settings` (``smtp_*``)."""
        return cls(settings.smtp_host, settings.smtp_port, settings.smtp_security,
                   settings.smtp_username, settings.smtp_password, settings.smtp_from)


def message(smtp: SmtpSettings, to: Sequence[str], subject: str, text: str,
            html_body: str, now: float) -> EmailMessage:
    """A multipart/alternative message (text, then HTML), dated ``now``."""
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject.replace("\r", " ").replace("\n", " ")[:200]
    msg["Date"] = format_datetime(datetime.fromtimestamp(now, UTC))
    domain = smtp.sender.rpartition("@")[2].strip(">") or "sitetracker.local"
    msg["Message-ID"] = make_msgid("sitetracker", domain=domain)
    msg.set_content(text)
    msg.add_alternative(html_body, subtype="html")
    return msg


def paragraphs_html(title: str, blocks: Sequence[tuple[str, Sequence[tuple[str, str]], str]]
                    ) -> str:
    """A plain HTML mail: a heading, then per block a subheading, a table of facts and a
    link; every text escaped."""
    parts = [f"<h1 style=\"font:600 18px sans-serif\">{html.escape(title)}</h1>"]
    for heading, facts, link in blocks:
        parts.append(f"<h2 style=\"font:600 15px sans-serif\">{html.escape(heading)}</h2>")
        rows = "".join(f"<tr><th align=\"left\">{html.escape(k)}</th>"
                       f"<td>{html.escape(v)}</td></tr>" for k, v in facts)
        parts.append(f"<table style=\"font:14px sans-serif\">{rows}</table>")
        if link:
            parts.append(f"<p><a href=\"{html.escape(link)}\">Open in SiteTracker</a></p>")
    return "<!doctype html><html><body>" + "".join(parts) + "</body></html>"


def send(smtp: SmtpSettings, msg: EmailMessage, timeout: float = TIMEOUT) -> Outcome:
    """Hand the message to the SMTP server."""
    try:
        client: smtplib.SMTP
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password)
            client.send_message(msg)
        return Outcome(True, 250)
    except smtplib.SMTPResponseException as exc:
        said = exc.smtp_error
        said = said.decode(errors="replace") if isinstance(said, bytes) else str(said)
        return Outcome(False, exc.smtp_code, f"SMTP {exc.smtp_code}: {said}"[:300],
                       retry=400 <= exc.smtp_code < 500)
    except smtplib.SMTPRecipientsRefused as exc:
        return Outcome(False, 550, f"recipients refused: {list(exc.recipients)}"[:300])
    except (smtplib.SMTPException, OSError) as exc:
        return Outcome(False, None, f"SMTP: {exc}"[:300], retry=True)
