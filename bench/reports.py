"""The reports API on a year of data (issue: reports API).

Left to fill once the reports API exists: until an ``/api/.../reports`` route is
registered, this section reports itself as not measured, saying why.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .ratio import Figure

TITLE = "Reports API"


def reports_routes() -> list[str]:
    """The reports API's routes in an app built with default settings (none yet)."""
    from sitetracker import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"database_url": f"sqlite:///{Path(tmp) / 'probe.db'}",
                          "data_dir": tmp, "log_level": "WARNING"})
        return [rule.rule for rule in app.url_map.iter_rules()
                if rule.rule.startswith("/api/") and "report" in rule.rule]


def measure(runs: int, quick: bool) -> list[Figure]:
    row = Figure("reports API, a year of data", "ms", "—")
    if not reports_routes():
        row.note = "reports API not present"
    return [row]
