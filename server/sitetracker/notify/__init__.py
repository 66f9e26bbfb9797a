"""Notifications: alerts leave the browser, by e-mail, Slack, Microsoft Teams and
signed webhooks, per rule and per person, with quiet hours and a digest for sales.

* :mod:`.queue` turns a stored alert into deliveries, in the alert's own transaction,
  and lets senders claim them (never two the same); :mod:`.sender` is the background
  sender; :mod:`.channels` the formats (mail is reusable: reports send through it);
* :mod:`.content` what a notification says; :mod:`.quiet` quiet hours;
* :mod:`.pages` the settings pages (a site's endpoints and delivery log, a person's
  mail and quiet hours), :mod:`.forms` what they accept; :mod:`.models` what is stored.

:func:`init_app` plugs it in at the app factory. Formats and signatures:
docs/notifications.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import queue
from .channels.mail import SmtpSettings
from .sender import Sender

if TYPE_CHECKING:
    from flask import Flask

    from ..commerce import Commerce
    from ..tracking import Tracking


class Notify:
    """Notifications of one app (``app.extensions["sitetracker.notify"]``)."""

    def __init__(self, tracking: Tracking) -> None:
        settings = tracking.settings
        self.tracking = tracking
        self.smtp = SmtpSettings.of(settings)
        self.timing = queue.Timing(settings.notify_digest_minutes,
                                   settings.notify_max_attempts)
        self.sender = self.new_sender(tracking.worker)

    def new_sender(self, worker: str) -> Sender:
        return Sender(worker, self.tracking.clock, self.smtp, self.timing,
                      self.tracking.settings.base_url, sleep=self.tracking.socketio.sleep)

    def enqueue(self, alert: Any, now: float) -> None:
        """Queue an alert's deliveries (run inside the alert's transaction)."""
        queue.enqueue(alert, now, self.timing)


def init_app(app: Flask, tracking: Tracking, commerce: Commerce | None = None) -> Notify:
    """Queue deliveries with every alert ``commerce`` stores, add the settings pages, and
    (outside tests, which run senders themselves) start this worker's sender."""
    from .pages import bp

    notify = Notify(tracking)
    app.extensions["sitetracker.notify"] = notify
    if commerce is not None:
        commerce.alerts.also_store.append(notify.enqueue)
    app.register_blueprint(bp)
    if not tracking.settings.testing:
        tracking.socketio.start_background_task(notify.sender.run)
    return notify
