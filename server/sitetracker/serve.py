"""Running the server: one process on one port, until SIGTERM or SIGINT.

``sitetracker serve`` and ``sitetracker demo`` both end here. The web server is the one
of the async mode: eventlet's by default, where every connection is a green thread and
``max_size`` lifts its cap of 1,024 concurrent connections to ``max_connections`` (the
shoppers' limit) plus a reserve for admins and health checks (:func:`.limits.reserve`).

On SIGTERM or SIGINT the listening socket is closed at once (new connections are
refused, so a load balancer moves them to another worker), requests in flight finish,
requests being answered get up to ``shutdown_grace`` seconds (10 by default) to finish,
then every connection left (live sockets, which never finish by themselves, and idle
keep-alive connections) is cut, and their browsers reconnect elsewhere; the shutdown
callbacks run once (the write buffer is flushed, or journaled if the database is away),
and the process exits 0. A second signal skips the wait.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from .app import socketio_of
from .config import Settings
from .limits import reserve
from .shutdown import run_shutdown_callbacks, shutdown_callbacks

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class ListenError(RuntimeError):
    """The listening socket could not be opened; the message says where and why."""


def raise_open_file_limit(wanted: int) -> int:
    """Lift the soft open-file limit to the hard one; return the soft limit in force.

    Every connection holds a file descriptor, so the usual soft limit of 1,024 would
    cap concurrent visitors whatever ``max_connections`` says.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-file limit above %d: %s", soft, exc)
    if soft != resource.RLIM_INFINITY and soft < wanted + 64:
        log.warning(
            "the open-file limit (%d) is below SITETRACKER_MAX_CONNECTIONS (%d): raise it "
            "(ulimit -n, or LimitNOFILE= in the systemd unit)", soft, wanted
        )
    return soft


def public_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, fit for logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{netloc[1]}").geturl()


def listening_line(settings: Settings, host: str, port: int) -> str:
    shown_host = f"[{host}]" if ":" in host else host
    database = "sqlite" if settings.is_sqlite else "mysql"
    queue = public_url(settings.redis_url) if settings.redis_url else "none"
    return (
        f"SiteTracker listening on http://{shown_host}:{port} "
        f"(database: {database}, workers' message queue: {queue})"
    )


def server_options(async_mode: str, settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``SocketIO.run``, which hands them to the mode's server.

    The web server logs every connection and request only at DEBUG: in production the
    reverse proxy keeps the access log, and these lines would drown everything else.
    """
    log_output = settings.log_level == "DEBUG"
    # Shoppers' sockets stop at max_connections (limits.py); admins and health checks
    # get in on the reserve above it.
    size = settings.max_connections + reserve(settings.max_connections)
    if async_mode == "eventlet":
        return {"max_size": size, "log_output": log_output}
    if async_mode == "gevent":
        return {"spawn": size, "log_output": log_output}
    # threading: Werkzeug's development server, for debugging only.
    return {"allow_unsafe_werkzeug": True, "log_output": log_output}


class InFlight:
    """WSGI middleware counting the HTTP requests being answered: not live sockets
    (``/socket.io/``), whose call lasts as long as the socket."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if str(environ.get("PATH_INFO", "")).startswith("/socket.io"):
            return self.app(environ, start_response)
        self.count += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self.count -= 1
            raise
        return _Answer(result, self)

    def done(self) -> None:
        self.count -= 1


class _Answer:
    """A response's body; closed by the server once written, which ends its request."""

    def __init__(self, result: Any, in_flight: InFlight) -> None:
        self.result = result
        self.in_flight = in_flight

    def __iter__(self) -> Any:
        return iter(self.result)

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.in_flight.done()


class _StopOnSignal:
    """The SIGTERM/SIGINT handler: stop accepting, then a deadline for open connections."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.grace = float(app.config["SETTINGS"].shutdown_grace)
        self.stopping = False
        self.listener: Any = None  # the listening socket, when we opened it
        # The greenlet that runs the accept loop (eventlet): the signal may land in any
        # other, a request's among them, which must not be the one to stop.
        self.accepting: Any = None
        self.in_flight: InFlight | None = None  # eventlet: the requests being answered

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.stopping:
            log.warning("%s again: closing open connections now", name)
            self.exit_now()
        self.stopping = True
        if self.listener is not None:
            self.listener.close()  # refuse new connections now, not after the grace
        log.info("%s: stopping; open connections have %g s to finish", name, self.grace)
        socketio_of(self.app).start_background_task(self._deadline)
        if self.listener is not None and self.accepting is not _current_greenlet():
            # Landed in another greenlet (a request's, the hub's): that one goes on with
            # its work. Closing the listener has ended the accept loop already, which then
            # waits for the requests in flight; an exception thrown into it as well could
            # land in that wait and cut them.
            return
        # The server's accept loop ends on SystemExit and waits for open connections.
        raise SystemExit(0)

    def _deadline(self) -> None:
        """Stop once no request is being answered, or at the end of the grace."""
        sleep = socketio_of(self.app).sleep
        waited = 0.0
        while waited < self.grace:
            if self.in_flight is not None and self.in_flight.count <= 0:
                self.exit_now()
            sleep(0.1)
            waited += 0.1
        log.warning("requests still open after %g s: closing them", self.grace)
        self.exit_now()

    def exit_now(self) -> None:
        run_shutdown_callbacks(self.app)
        log.info("SiteTracker stopped")
        logging.shutdown()
        os._exit(0)


def _current_greenlet() -> Any:
    import greenlet

    return greenlet.getcurrent()


def _quiet_when_stopping(handler: _StopOnSignal, previous: Callable[[Any], Any]
                         ) -> Callable[[Any], Any]:
    """A stop signal that lands while Python runs a finalizer (a weakref callback) has
    its SystemExit swallowed there: the listener is closed all the same, and the grace
    deadline ends the process; say so in one line instead of a traceback."""

    def hook(unraisable: Any) -> Any:
        if handler.stopping and isinstance(unraisable.exc_value, SystemExit):
            log.info("the stop signal came during a finalizer: stopping at the deadline")
            return None
        return previous(unraisable)

    return hook


def check_can_listen(host: str, port: int) -> None:
    """Bind ``host:port`` once, so a taken port is reported before anything starts."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve_eventlet(app: Flask, host: str, port: int, options: dict[str, Any],
                   handler: _StopOnSignal) -> None:
    """eventlet's WSGI server, as ``SocketIO.run`` starts it, on a listening socket we
    hold, so that a stop signal can close it at once."""
    import eventlet
    import eventlet.wsgi

    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    handler.listener = eventlet.listen(address, family)
    handler.accepting = _current_greenlet()
    handler.in_flight = InFlight(app)
    try:
        eventlet.wsgi.server(handler.listener, handler.in_flight, **options)
    except OSError:
        if not handler.stopping:  # the closed listener ends the accept loop this way
            raise


def run(app: Flask, host: str, port: int) -> None:
    """Serve ``app`` on ``host:port`` until a stop signal; raise ListenError if we can't."""
    settings: Settings = app.config["SETTINGS"]
    socketio = socketio_of(app)
    try:
        check_can_listen(host, port)
    except ListenError:
        run_shutdown_callbacks(app)  # what the app started (the sender) stops with it
        raise
    raise_open_file_limit(settings.max_connections + reserve(settings.max_connections))
    tracking = app.extensions["sitetracker"]
    tracking.start()  # the live tick and the write buffer's flushes
    shutdown_callbacks(app).append(tracking.shutdown)  # what is buffered is written
    handler = _StopOnSignal(app)
    previous = {sig: signal.signal(sig, handler) for sig in STOP_SIGNALS}
    sys.unraisablehook = _quiet_when_stopping(handler, sys.unraisablehook)
    log.info("%s", listening_line(settings, host, port))
    options = server_options(socketio.async_mode, settings)
    try:
        if socketio.async_mode == "eventlet":
            serve_eventlet(app, host, port, options, handler)
        else:
            socketio.run(app, host=host, port=port, **options)
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        run_shutdown_callbacks(app)
        log.info("SiteTracker stopped")
