"""The weight of every built script, gzipped at the default level (as `gzip -6`)."""

from __future__ import annotations

import gzip
from pathlib import Path

BUILD = Path(__file__).resolve().parent.parent / "server" / "sitetracker" / "static" / "build"


def run() -> list[tuple[str, str]]:
    rows = []
    for name in sorted(BUILD.glob("*.js")) if BUILD.exists() else []:
        raw = name.read_bytes()
        rows.append((name.name, f"{len(raw):,} bytes, {len(gzip.compress(raw, 6)):,} gzipped"))
    return rows or [("widget", "not built: run npm run build")]
