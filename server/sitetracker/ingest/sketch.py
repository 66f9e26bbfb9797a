"""Distinct visitors of many days without reading each visitor: a HyperLogLog sketch
per site-day.

A sketch is 4,096 one-byte registers (p = 12): a visitor's hash picks a register by its
first 12 bits and offers the rank of the first set bit of the rest; a register keeps the
largest rank offered. Sketches of several days merge by taking each register's maximum,
so the distinct visitors of a year read 365 rows of 4 KB; the estimate's standard error
is 1.04 / sqrt(4096), about 1.6%. Adding a visitor twice changes nothing, so a batch
written again after a crash counts no one twice. No I/O here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

P = 12
M = 1 << P
REST = 64 - P
ALPHA = 0.7213 / (1 + 1.079 / M)


def empty() -> bytes:
    return bytes(M)


def add(registers: bytes, hashes: Iterable[str]) -> bytes:
    """``registers`` with the visitors ``hashes`` (16 hex digits each) added."""
    found = bytearray(registers or empty())
    for text in hashes:
        value = int(text[:16].ljust(16, "0"), 16)
        index = value >> REST
        rest = value & ((1 << REST) - 1)
        rank = REST - rest.bit_length() + 1
        if rank > found[index]:
            found[index] = rank
    return bytes(found)


HIGH = int.from_bytes(b"\x80" * M, "big")


def union(sketches: Iterable[bytes]) -> bytes:
    """One sketch counting everyone of ``sketches``: each register's maximum, taken for
    all registers at once on big integers (ranks are below 128, so a byte's high bit is
    free: ``(a | 0x80) - b`` keeps it exactly where ``a >= b``)."""
    found = 0
    for sketch in sketches:
        other = int.from_bytes(sketch, "big")
        keep = (((found | HIGH) - other) & HIGH) >> 7
        mask = keep * 0xFF  # 0xFF in each byte where found >= other
        found = (found & mask) | (other & ~mask)
    return found.to_bytes(M, "big")


def estimate(registers: bytes) -> int:
    """How many distinct visitors the sketch has seen (linear counting while small)."""
    zeros = registers.count(0)
    raw = ALPHA * M * M / sum(registers.count(rank) * 2.0 ** -rank
                              for rank in range(REST + 2))
    if raw <= 2.5 * M and zeros:
        return round(M * math.log(M / zeros))
    return round(raw)
