"""What a client's Socket.IO frame may be, and the answer to one that is not.

python-socketio raises on a frame it cannot decode (bad JSON, nesting past the parser's
recursion limit) before any handler runs, so the client never hears why. Our
:class:`LivePacket` (the server's packet class) turns such a frame, and one over
:data:`MAX_FRAME` characters, into the event :data:`MALFORMED` carrying the reason;
the namespace answers it, like an undeclared event, a reserved name or a wrong number
of arguments, with an error acknowledgement when the frame has an ack id. The socket
stays open and nothing else is touched.
"""

from __future__ import annotations

from typing import Any

from socketio import packet

MAX_FRAME = 64 * 1024  # characters of one encoded frame
MAX_DEPTH = 32  # nesting of a payload's objects and lists
# The name a malformed frame is handed on with; a client sending it is told the same.
MALFORMED = "malformed frame"
# Names python-socketio uses for its own calls; a client may never send them.
RESERVED = frozenset({"connect", "disconnect", "connect_error"})


class LivePacket(packet.Packet):
    """A packet whose undecodable or oversized EVENT frames decode to ``MALFORMED``."""

    def decode(self, encoded_packet: Any) -> int:
        if isinstance(encoded_packet, str) and len(encoded_packet) > MAX_FRAME:
            return self._malformed(encoded_packet, f"over {MAX_FRAME // 1024} KB")
        try:
            count: int = super().decode(encoded_packet)
        except (ValueError, RecursionError) as exc:
            if not isinstance(encoded_packet, str):
                raise
            reason = ("nested too deeply" if isinstance(exc, RecursionError)
                      else "not valid JSON")
            return self._malformed(encoded_packet, reason)
        if (getattr(self, "packet_type", None) == packet.EVENT
                and not (isinstance(self.data, list) and self.data)):
            return self._malformed(encoded_packet, "an event is a list: [name, payload]")
        return count

    def _malformed(self, encoded: str, reason: str) -> int:
        """Decode the frame's head (type, namespace, ack id) and replace its data."""
        start = encoded.find("[")
        head = encoded if start == -1 else encoded[:start]
        if len(head) > 200:
            raise ValueError("malformed frame head")
        super().decode(head)  # raises if even the head is not a frame
        kind = getattr(self, "packet_type", None)
        if kind not in (packet.EVENT, packet.BINARY_EVENT):
            raise ValueError(f"malformed frame: {reason}")
        self.packet_type = packet.EVENT
        self.attachment_count = 0
        self.data = [MALFORMED, reason]
        return 0


def depth_of(value: Any) -> int:
    """How deeply ``value``'s objects and lists nest (0 for a plain value), without
    recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            stack.extend((inner, depth) for inner in
                         (item.values() if isinstance(item, dict) else item))
    return deepest


def frame_fault(event: Any, args: list[Any], declared: set[str] | frozenset[str]
                ) -> tuple[str, dict[str, str]] | None:
    """Why the frame ``event, *args`` cannot be handled: ``(message, fields)``, or None.

    ``declared`` is every event name the namespace handles.
    """
    if event == MALFORMED:
        reason = args[0] if args and isinstance(args[0], str) else "malformed"
        return "malformed frame", {"frame": reason}
    if not isinstance(event, str) or event not in declared or event in RESERVED:
        name = event[:40] if isinstance(event, str) else type(event).__name__
        return "unknown event", {"event": f"{name!r} is not an event of this channel"}
    if len(args) > 1:
        return "one payload per event", {"payload": f"{len(args)} arguments sent"}
    if args and depth_of(args[0]) > MAX_DEPTH:
        return "invalid input", {"payload": f"nested more than {MAX_DEPTH} levels"}
    return None
