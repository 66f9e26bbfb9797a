"""The rescue figures the board and the organization overview show: sales rescued today
and this month (count and value, per currency) and the rescue rate of each rule.

Read from the stored outcomes (:mod:`sitetracker.commerce.rescues`), in the site's time
zone; :class:`sitetracker.commerce.rescue_figures.RescueFigures` keeps them a few
seconds per site for the live snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peewee import JOIN, fn

from ..clock import local_midnight, utc, zone
from ..commerce.models import Alert, AlertRule
from ..db import database
from ..domain import SiteInfo


def month_start(now: float, timezone: str) -> float:
    """Unix time of the midnight that began ``now``'s month in ``timezone``."""
    local = datetime.fromtimestamp(now, zone(timezone))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()


def _money(lines: dict[str, tuple[int, float]]) -> dict[str, Any]:
    """``{"count", "value", "currency", "by_currency"}``, the main currency the one with
    the most value (the shape of the snapshot's ``sales_today``)."""
    main = max(lines, key=lambda c: (lines[c][1], c)) if lines else None
    return {
        "count": sum(n for n, _ in lines.values()),
        "value": round(lines[main][1], 2) if main is not None else 0.0,
        "currency": main or None,
        "by_currency": {c: {"count": n, "value": round(v, 2)} for c, (n, v) in lines.items()},
    }


def _by_currency(where: Any) -> dict[str, tuple[int, float]]:
    query: Any = (Alert.select(Alert.outcome_currency, fn.COUNT(Alert.id),
                               fn.SUM(Alert.outcome_value))
                  .where(where).group_by(Alert.outcome_currency).tuples())
    return {str(c): (int(n), float(v or 0)) for c, n, v in query}


def figures(site: SiteInfo, now: float) -> dict[str, Any]:
    """::

        {"today": {"count": 2, "value": 178.0, "currency": "EUR", "by_currency": {...}},
         "month": {"count": 9, ...},
         "rules": [{"rule": 1, "name": "Checkout trouble", "rescued": 3, "recovered": 1,
                    "lost": 4, "rate": 0.375}]}

    ``rate``: rescued of the emergencies the rule raised that ended this month.
    """
    today = utc(local_midnight(now, site.timezone))
    month = utc(month_start(now, site.timezone))
    ended = (Alert.site == site.id) & (Alert.ended_at >= month)
    rescued = ended & (Alert.outcome == "rescued")
    with database.connection_context():
        months, todays = (_by_currency(where)
                          for where in (rescued, rescued & (Alert.ended_at >= today)))
        by_rule: Any = list(Alert.select(
            Alert.rule, AlertRule.name, Alert.outcome, fn.COUNT(Alert.id),
        ).join(AlertRule, JOIN.LEFT_OUTER, on=(Alert.rule == AlertRule.id)).where(
            ended & Alert.rule.is_null(False)).group_by(
            Alert.rule, AlertRule.name, Alert.outcome).tuples())
    rules: dict[int, dict[str, Any]] = {}
    for rule_id, name, outcome, n in by_rule:
        line = rules.setdefault(int(rule_id), {"rule": int(rule_id), "name": name or "",
                                               "rescued": 0, "recovered": 0, "lost": 0})
        if outcome in line:
            line[outcome] += int(n)
    for line in rules.values():
        total = line["rescued"] + line["recovered"] + line["lost"]
        line["rate"] = round(line["rescued"] / total, 4) if total else None
    return {
        "today": _money(todays),
        "month": _money(months),
        "rules": sorted(rules.values(), key=lambda r: r["rule"]),
    }
