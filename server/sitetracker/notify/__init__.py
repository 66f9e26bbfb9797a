"""Notifications: alerts leave the browser, by e-mail, Slack, Microsoft Teams and
signed webhooks, per rule and per person, with quiet hours and a digest for sales.

* :mod:`.queue` turns a stored alert into deliveries, in the alert's own transaction,
  and lets senders claim them (never two the same); :mod:`.sender` is the background
  sender; :mod:`.channels` the formats (mail is reusable: reports send through it);
* :mod:`.schedule` when each person's daily or weekly report falls due (queued once);
  :mod:`.summary` what a report's mail says;
* :mod:`.content` what a notification says; :mod:`.quiet` quiet hours;
* :mod:`.pages` the settings pages (a site's endpoints and delivery log, a person's
  mail and quiet hours), :mod:`.forms` what they accept; :mod:`.models` what is stored.

:func:`init_app` plugs it in at the app factory. Formats and signatures:
docs/notifications.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..shutdown import shutdown_callbacks
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
        self.task: Any = None  # the background task running ``sender``, once started

    def new_sender(self, worker: str) -> Sender:
        return Sender(worker, self.tracking.clock, self.smtp, self.timing,
                      self.tracking.settings.base_url, sleep=self.tracking.socketio.sleep)

    def enqueue(self, alert: Any, now: float) -> None:
        """Queue an alert's deliveries (run inside the alert's transaction)."""
        queue.enqueue(alert, now, self.timing)

    def start(self, app: Flask) -> None:
        """Run this worker's sender in the background until :meth:`stop`, which the
        server's shutdown callbacks run (also when it could not start listening), so
        the sender of an app that is done with does not go on reading a database that
        may be gone."""
        self.task = self.tracking.socketio.start_background_task(self.sender.run)
        shutdown_callbacks(app).append(self.stop)

    def stop(self) -> None:
        """Stop the sender after its current pass."""
        self.sender.stop()


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
        notify.start(app)
    return notify
