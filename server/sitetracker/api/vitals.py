"""Web Vitals, products and site searches of a date range through the JSON API.

* ``/api/sites/<key>/vitals?from=&to=``: p75 of LCP, INP, CLS, FCP and TTFB per page
  and device, rated by Google's thresholds, and the checkout pages' beside abandonment;
* ``/api/sites/<key>/catalog?from=&to=``: the most viewed products (with adds to cart
  and purchases), the top searches and those that found nothing.

Both default to today in the site's timezone; viewers read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, request
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from ..clock import local_day
from ..models import Site
from ..reports import catalog
from ..reports.vitals import vitals_between
from . import bp, responses
from .docs import doc
from .live import StatsQuerySchema
from .sites import site_for


def _range(site: Site) -> tuple[date, date, dict[str, Any]]:
    """The days asked for (today by default) and the answer's common keys."""
    query = StatsQuerySchema().load(request.args.to_dict())
    today = local_day(current_app.extensions["sitetracker"].clock.now(), site.timezone)
    end: date = query.get("to") or today
    start: date = query.get("from_") or (end if "to" in query else today)
    if start > end:
        start = end
    return start, end, {"site": site.public_key, "timezone": site.timezone,
                        "from": start.isoformat(), "to": end.isoformat()}


@bp.get("/sites/<key>/vitals")
@doc("Web Vitals' p75 per page and device, and the checkout pages' beside abandonment",
     response=responses.Vitals, query=StatsQuerySchema)
@login_required
def vitals(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    start, end, answer = _range(site)
    return {**answer, **vitals_between(site.id, start, end)}


@bp.get("/sites/<key>/catalog")
@doc("The most viewed products and the top searches", response=responses.Catalog,
     query=StatsQuerySchema)
@login_required
def products_and_searches(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    start, end, answer = _range(site)
    searches = catalog.top_searches(site.id, start, end)
    return {**answer, "products": catalog.top_products(site.id, start, end),
            "searches": searches["top"], "searches_none": searches["none"]}
