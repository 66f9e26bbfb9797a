"""The pipeline health page: is every worker taking, counting and saving events?

For organization owners (:func:`sitetracker.auth.access.may_see_health`). Its figures
are those of ``/metrics``, read from the same registry (:mod:`sitetracker.health_figures`),
for every worker that published them lately, summed and one by one; the database and
Redis state are the ``/healthz`` checks of the worker answering.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, g, render_template
from flask.typing import ResponseReturnValue

from ..auth import access
from ..auth.session import login_required
from ..health_figures import combined
from ..ingest.pipeline import DROP_REASONS
from ..metrics import KEY, Metrics
from . import bp


@bp.context_processor
def health_link() -> dict[str, Any]:
    """Whether the top bar links the health page."""
    user = g.get("user")
    return {"sees_health": access.may_see_health(user) if user is not None else False}


@bp.get("/health")
@login_required
def pipeline_health() -> ResponseReturnValue:
    """Every worker's figures, their sum, and this worker's database and Redis checks."""
    if not access.may_see_health(g.user):
        abort(403, description="the pipeline's health is for organization owners")
    metrics: Metrics = current_app.extensions[KEY]
    tracking = current_app.extensions["sitetracker"]
    now = tracking.clock.now()
    metrics.workers.publish(metrics.figures(), now, force=True)
    workers = metrics.workers.everyone(now)
    checks, _ = current_app.extensions["sitetracker.health"].report()
    return render_template("pipeline_health.html", workers=workers, total=combined(workers),
                           reasons=DROP_REASONS, checks=checks, worker=tracking.worker,
                           now=now)
