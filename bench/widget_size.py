"""The storefront script's weight: our own code, and everything with the live channel."""

from __future__ import annotations

import gzip
from pathlib import Path

BUILD = Path(__file__).resolve().parent.parent / "server" / "sitetracker" / "static" / "build"


def run() -> list[tuple[str, str]]:
    rows = []
    for name in sorted(BUILD.glob("*.js")) if BUILD.exists() else []:
        raw = name.read_bytes()
        rows.append((name.name, f"{len(raw):,} bytes, {len(gzip.compress(raw, 9)):,} gzipped"))
    return rows or [("widget", "not built: run npm run build")]
