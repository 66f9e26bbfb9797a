"""How the live channel runs a feature's socket event: :func:`socket_event` makes an
``on_<event>(self, conn, data)`` method of a part of :class:`~sitetracker.channel.SiteNamespace`
the event's handler, and wraps it:

* the sender must hold a connection here (else 403), and an admin's grant must still
  hold (else 401, and the socket is closed: :class:`~.guard.AdminGuard`);
* the handler's refusals (:class:`~sitetracker.live.refused.Refused`), invalid input
  (400 naming the field) and storage failures (503 with ``retry_after``: nothing was
  stored, send again) are answered as error acknowledgements; any other error reaches
  :func:`~.namespaces.handler_failed`;
* afterwards it yields, so one client sending without pause cannot starve the others.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from flask import request
from marshmallow import ValidationError

from ..error_shape import error_body
from ..storage.failures import DATABASE_AWAY, StorageUnavailable
from ..unavailable import ack as unavailable_ack
from ..validation import first_errors
from .connections import Connection
from .refused import Refused

if TYPE_CHECKING:
    from ..tracking import Tracking

STORAGE_FAILURES: tuple[type[Exception], ...] = (StorageUnavailable, *DATABASE_AWAY)


class Part(Protocol):
    """A part of the site namespace: it reaches the tracking services."""

    tracking: Tracking


P = TypeVar("P", bound=Part)


def socket_event(handler: Callable[[P, Connection, Any], Any]) -> Callable[[P, Any], Any]:
    """``handler(self, conn, data) -> acknowledgement`` as the handler of its event,
    called with the payload alone (see the module's docstring)."""

    @functools.wraps(handler)
    def on_event(part: P, data: Any = None) -> Any:
        tracking = part.tracking
        sid = str(request.sid)  # type: ignore[attr-defined]
        conn = tracking.connections.by_sid.get(sid)
        if conn is None:
            return error_body(403, "not connected")
        if conn.kind == "admin" and not tracking.guard.holds(conn):
            tracking.guard.end(sid, str(request.namespace))  # type: ignore[attr-defined]
            return error_body(401, "your access to this site ended: sign in again")
        try:
            return handler(part, conn, data)
        except Refused as exc:
            return error_body(exc.status, exc.message, exc.fields)
        except ValidationError as exc:
            return error_body(400, "invalid input", first_errors(exc))
        except STORAGE_FAILURES as exc:
            return unavailable_ack(exc)  # not stored: the sender may try again
        finally:
            tracking.socketio.sleep(0)

    return on_event
