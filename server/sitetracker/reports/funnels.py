"""A funnel over a period, from the daily counters alone: entrants, and per step the
units that reached it, their share of the entrants and the drop-off from the step
before."""

from __future__ import annotations

import json
from typing import Any

from ..funnels.models import FunnelDefinition
from .counts import sums
from .periods import Period


def definition_json(row: FunnelDefinition) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "scope": row.scope, "kind": row.kind,
            "steps": json.loads(row.steps),
            "counts_since": row.created_at.isoformat() + "Z"}


def funnel_report(row: FunnelDefinition, period: Period) -> dict[str, Any]:
    """::

        {"id": 3, "name": "Shirts", ..., "from": "2026-03-04", "to": "2026-03-10",
         "entrants": 120, "converted": 9, "conversion_rate": 0.075,
         "steps": [{"page": "/shirts*", "reached": 120, "conversion": 1.0,
                    "from_previous": 1.0, "dropped": 0}, ...]}
    """
    site: int = row.site_id  # type: ignore[attr-defined]
    counts = sums(site, period, ("funnel",))["funnel"]
    prefix = f"{row.id}\t"
    steps = json.loads(row.steps)
    reached = [int(counts.get(f"{prefix}{index + 1}", 0)) for index in range(len(steps))]
    entrants = reached[0]
    out = []
    for index, step in enumerate(steps):
        previous = reached[index - 1] if index else entrants
        out.append({**step, "reached": reached[index],
                    "conversion": _share(reached[index], entrants),
                    "from_previous": _share(reached[index], previous),
                    "dropped": previous - reached[index]})
    return {**definition_json(row), "from": period.start.isoformat(),
            "to": period.end.isoformat(), "entrants": entrants, "converted": reached[-1],
            "conversion_rate": _share(reached[-1], entrants), "steps": out}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
