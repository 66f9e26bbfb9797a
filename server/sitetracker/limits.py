"""Limits per client address: shoppers' sockets open at once, and ``/api/collect``
requests a minute; and the shoppers' sockets one worker holds in all.

The worker-wide limit (``SITETRACKER_MAX_CONNECTIONS``) counts shoppers only: admins'
sockets and health checks never wait behind shoppers (the web server takes
:func:`reserve` connections more than shoppers may hold).

In-process, per worker: each worker counts the sockets it holds and the beacons it
answers (one address's sockets land on one worker behind sticky sessions; beacons are
spread, so a busy multi-worker setup allows up to workers x the per-minute limit). The
counts refused so far are in ``/healthz`` (:meth:`AddressLimits.report`) for the
operator. A limit of 0 turns that limit off. Memory stays bounded: at most
:data:`MAX_ADDRESSES` addresses are remembered for the per-minute count; past that the
oldest minute's are forgotten first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

WINDOW = 60.0  # seconds of the per-minute count
MAX_ADDRESSES = 100_000


class AddressLimits:
    """What each address holds and has sent, and how often a limit said no."""

    def __init__(self, sockets_per_address: int, collect_per_minute: int,
                 shopper_sockets: int = 0) -> None:
        self.sockets_per_address = sockets_per_address
        self.collect_per_minute = collect_per_minute
        self.shopper_sockets = shopper_sockets  # this worker's in all (0: no limit)
        self._open = 0  # shopper sockets open here
        self._sockets: Counter[str] = Counter()  # address -> shopper sockets open
        self._socket_address: dict[str, str] = {}  # sid -> its address
        self._collect: dict[str, tuple[float, int]] = {}  # address -> (window start, n)
        self.refused: Counter[str] = Counter()  # "sockets", "collect"

    # -- shopper sockets ------------------------------------------------------------
    def open_socket(self, sid: str, address: str | None) -> bool:
        """Count a shopper's socket from ``address``; False (not counted) when the
        address already holds as many as allowed, or this worker as many shoppers'
        sockets as it takes (:meth:`full`)."""
        if self.full():
            self.refused["sockets"] += 1
            return False
        if address:
            if (self.sockets_per_address
                    and self._sockets[address] >= self.sockets_per_address):
                self.refused["sockets"] += 1
                return False
            self._sockets[address] += 1
        self._socket_address[sid] = address or ""
        self._open += 1
        return True

    def full(self) -> bool:
        """Whether this worker holds as many shoppers' sockets as it takes."""
        return bool(self.shopper_sockets) and self._open >= self.shopper_sockets

    def close_socket(self, sid: str) -> None:
        address = self._socket_address.pop(sid, None)
        if address is None:
            return
        self._open -= 1
        if not address:
            return
        self._sockets[address] -= 1
        if self._sockets[address] <= 0:
            del self._sockets[address]

    # -- beacons --------------------------------------------------------------------
    def take_collect(self, address: str | None, now: float) -> float:
        """Count one beacon from ``address`` at ``now``; 0 if allowed, else the seconds
        until the address may send again."""
        if not address or not self.collect_per_minute:
            return 0.0
        start, count = self._collect.get(address, (now, 0))
        if now - start >= WINDOW:
            start, count = now, 0
        if count >= self.collect_per_minute:
            self.refused["collect"] += 1
            return max(1.0, WINDOW - (now - start))
        if address not in self._collect and len(self._collect) >= MAX_ADDRESSES:
            self._forget_oldest(now)
        self._collect[address] = (start, count + 1)
        return 0.0

    def _forget_oldest(self, now: float) -> None:
        stale = [a for a, (start, _) in self._collect.items() if now - start >= WINDOW]
        for address in stale or sorted(self._collect, key=lambda a: self._collect[a][0])[
                :len(self._collect) // 10 + 1]:
            del self._collect[address]

    def report(self) -> dict[str, Any]:
        """For ``/healthz``: the limits, what is held now, and what was refused."""
        return {
            "shopper_sockets_per_ip": self.sockets_per_address,
            "shopper_sockets_max": self.shopper_sockets,
            "collect_per_ip_per_minute": self.collect_per_minute,
            "shopper_sockets_open": self._open,
            "addresses_with_sockets": len(self._sockets),
            "refused": {"sockets": self.refused["sockets"],
                        "collect": self.refused["collect"]},
        }


def reserve(max_connections: int) -> int:
    """Connections the web server takes beyond the shoppers' ``max_connections``: for
    admins' sockets, health checks and beacons (a tenth, at least 64)."""
    return max(64, max_connections // 10)
