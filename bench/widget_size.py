"""The weight of every built script, gzipped at the default level (as `gzip -6`)."""

from __future__ import annotations

import gzip
from pathlib import Path

from .ratio import Figure

TITLE = "Script sizes"
BUILD = Path(__file__).resolve().parent.parent / "server" / "sitetracker" / "static" / "build"


def measure(runs: int, quick: bool) -> list[Figure]:
    """One figure per script (sizes do not vary between runs: measured once)."""
    rows = []
    for name in sorted(BUILD.glob("*.js")) if BUILD.exists() else []:
        raw = name.read_bytes()
        rows.append(Figure(name.name, "bytes gzipped", "budgets in build.mjs",
                           [len(gzip.compress(raw, 6))], note=f"{len(raw):,} bytes raw"))
    return rows or [Figure("widget", "", "", note="not built: run npm run build")]
