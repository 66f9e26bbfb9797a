"""Local receivers for what notifications send: a real SMTP server (aiosmtpd) and an
HTTP server that records every request and answers with the statuses it is told."""

from __future__ import annotations

import email
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .servers import free_port

STUCK_SECONDS = 60  # only a stuck run waits this long


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Return once ``condition()``; fail only after a bound meant for a stuck run."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > STUCK_SECONDS:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.02)


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    message: EmailMessage


class SmtpReceiver:
    """aiosmtpd on a free local port; ``mails`` holds every message it accepted."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.mails: list[Mail] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


@contextmanager
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    receiver.controller.start()
    try:
        yield receiver
    finally:
        receiver.controller.stop()


@dataclass
class Request:
    path: str
    headers: Any  # looked up whatever the case, as HTTP says
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpReceiver:
    """Records every POST; answers with ``statuses`` in turn, then 200."""

    port: int
    requests: list[Request] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


@contextmanager
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver(free_port())
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                receiver.requests.append(Request(self.path, self.headers, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", receiver.port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
