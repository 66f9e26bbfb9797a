"""The shape of a benchmark row: our figure beside a bare baseline measured in the same run.

Shared machines are noisy, so no figure stands alone: each run measures the bare stack and
SiteTracker one after the other (interleaved), and a row reports the ratio per run, then
its min / median / max over the runs. Figures with no bare counterpart (a latency bound, a
size budget) are ``Figure`` rows with their own target.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


def spread(values: Sequence[float], fmt: str = "{:,.2f}", unit: str = "") -> str:
    """``min / median / max`` of ``values``, formatted with ``fmt``, then ``unit``."""
    if not values:
        return "not measured"
    if unit:
        return f"{spread(values, fmt)} {unit}"
    if len(values) == 1:
        return fmt.format(values[0])
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values),
                                             max(values)))


@dataclass
class Ratio:
    """Ours against the bare stack, per interleaved run.

    ``bare`` and ``ours`` hold one figure per run in the same unit; when
    ``higher_is_better`` is false (memory, seconds) the ratio is still ours / bare and the
    target reads as an upper bound.
    """

    what: str
    unit: str
    target: str
    bare: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    higher_is_better: bool = True
    note: str = ""
    fmt: str = "{:,.0f}"

    def ratios(self) -> list[float]:
        return [o / b for b, o in zip(self.bare, self.ours, strict=False) if b]

    def cells(self) -> list[str]:
        return [self.what, spread(self.bare, self.fmt, self.unit),
                spread(self.ours, self.fmt, self.unit), spread(self.ratios()),
                self.target, self.note]


@dataclass
class Figure:
    """A figure with no bare counterpart (a latency, a size), min / median / max over runs."""

    what: str
    unit: str
    target: str
    values: list[float] = field(default_factory=list)
    fmt: str = "{:,.0f}"
    note: str = ""

    def cells(self) -> list[str]:
        return [self.what, "", spread(self.values, self.fmt, self.unit), "",
                self.target, self.note]


HEADER = ["what", "bare stack (min / median / max)", "SiteTracker (min / median / max)",
          "ratio (min / median / max)", "target", "note"]


def table(rows: Sequence[Ratio | Figure]) -> list[str]:
    """Markdown lines of one table of rows."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return lines
