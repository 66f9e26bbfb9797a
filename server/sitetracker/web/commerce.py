"""A site's commerce pages: alerts (acknowledge), the payment-error log (filter, and
erase a shopper from everything stored, :mod:`sitetracker.privacy.erasure`) and the
abandonment history (with its CSV). Rules and custom events are in
:mod:`.commerce_settings`. Viewers see every page read-only, with shoppers' contact
masked; changes need an admin.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import audit
from ..auth import access
from ..auth.session import login_required
from ..clock import local_day, zone
from ..commerce import Commerce, payments
from ..commerce.alerts import alert_json
from ..commerce.rules import KINDS
from ..models import Site
from ..privacy import erasure
from ..reports import abandonment
from ..reports import commerce as history
from ..validation import EARLIEST_DAY, LATEST_DAY
from . import bp
from .forms import errors_of
from .site_page import site_for

ALERT_KINDS = (*KINDS, "sale")
PAGE_SIZE = 100
PAYMENTS_PAGE = 50  # payment errors a page, newest first


def commerce_services() -> Commerce:
    found: Commerce = current_app.extensions["sitetracker.commerce"]
    return found


@bp.app_template_filter("site_time")
def site_time(value: datetime | None, timezone: str) -> str:
    """A stored (naive UTC) time in the site's timezone: ``2026-03-10 14:05``."""
    if value is None:
        return "—"
    local = value.replace(tzinfo=zone("UTC")).astimezone(zone(timezone))
    return local.strftime("%Y-%m-%d %H:%M")


@bp.app_template_filter("money")
def money(value: float | None, currency: str | None) -> str:
    """An amount with its currency, as the pages show it: ``59.00 EUR``; ``—`` for none.
    With no currency known, the number alone rather than a guessed one."""
    if value is None:
        return "—"
    return f"{value:,.2f} {currency or ''}".strip()


def page(template: str, site: Site, role: str, tab: str, status: int = 200,
         **context: Any) -> ResponseReturnValue:
    return render_template(template, site=site, role=role, tab=tab,
                           can_edit=access.at_least(role, "admin"), **context), status


# -- alerts -------------------------------------------------------------------------------


@bp.get("/sites/<key>/alerts")
@login_required
def commerce_alerts(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    kind = request.args.get("kind", "")
    state = request.args.get("state", "open")
    rows = history.alerts(site.id, kind=kind if kind in ALERT_KINDS else None,
                          waiting_only=state == "open", limit=PAGE_SIZE)
    alerts = [(row, json.loads(row.details or "{}"), alert_json(row)) for row in rows]
    return page("commerce/alerts.html", site, role, "alerts", alerts=alerts, kind=kind,
                state=state, kinds=ALERT_KINDS, currency=history.store_currency(site.id))


@bp.post("/sites/<key>/alerts/<int:alert_id>/ack")
@login_required
def commerce_ack(key: str, alert_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    commerce = commerce_services()
    if commerce.alerts.acknowledge(commerce.site_info(site), alert_id, g.user.email) is None:
        abort(404, description="no such alert")
    flash("Alert acknowledged.", "ok")
    return redirect(url_for("web.commerce_alerts", key=site.public_key,
                            kind=request.args.get("kind", ""),
                            state=request.args.get("state", "open")))


# -- the payment-error log ---------------------------------------------------------------


def _day(text: str) -> date | None:
    """A ``YYYY-MM-DD`` from 2000 to 2100 (the API's days), else None: no bound."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST_DAY <= day <= LATEST_DAY else None


def payment_errors_view(site: Site, role: str, status: int = 200,
                        errors: dict[str, str] | None = None,
                        erase: dict[str, str] | None = None) -> ResponseReturnValue:
    args = {name: request.args.get(name, "").strip()[:254]
            for name in ("from", "to", "code", "email")}
    number = _page_number(request.args.get("page", ""))
    # One more than a page: whether there is an older page to link to.
    rows = history.payment_errors(site.id, site.timezone, start=_day(args["from"]),
                                  end=_day(args["to"]), code=args["code"] or None,
                                  email=args["email"] or None, limit=PAYMENTS_PAGE + 1,
                                  offset=(number - 1) * PAYMENTS_PAGE)
    older = len(rows) > PAYMENTS_PAGE
    rows = rows[:PAYMENTS_PAGE]
    admin_role = access.at_least(role, "admin")
    entries = [payments.error_json(row, admin_role) for row in rows]
    filters = {name: value for name, value in args.items() if value}

    def page_url(n: int) -> str:
        values: dict[str, Any] = {"key": site.public_key, **filters}
        if n > 1:
            values["page"] = n
        return url_for("web.commerce_payment_errors", **values)

    pager = {"number": number, "first": (number - 1) * PAYMENTS_PAGE + 1,
             "last": (number - 1) * PAYMENTS_PAGE + len(rows),
             "newer": page_url(number - 1) if number > 1 else None,
             "older": page_url(number + 1) if older else None}
    return page("commerce/payment_errors.html", site, role, "payments", status,
                entries=entries, rows=rows, filters=args, errors=errors or {},
                erase=erase or {}, pager=pager, currency=history.store_currency(site.id))


def _page_number(text: str) -> int:
    """?page=N as a number from 1 (anything else is the first page), bounded so no
    request asks the database to skip millions of rows."""
    if not text.isdigit():
        return 1
    return max(1, min(int(text), payments.MAX_ROWS))


@bp.get("/sites/<key>/payment-errors")
@login_required
def commerce_payment_errors(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return payment_errors_view(site, role)


@bp.post("/sites/<key>/payment-errors/erase")
@login_required
def commerce_erase(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    values = {k: request.form[k].strip() for k in ("email", "visitor", "ref")
              if request.form.get(k, "").strip()}
    try:
        who = erasure.ShopperSchema().load(values)
    except ValidationError as exc:
        return payment_errors_view(site, role, 400, errors_of(exc), values)
    removed = erasure.erase_live(current_app.extensions["sitetracker"], site.id, who)
    audit.record(g.user.email, site, "shopper_erased", {"by": sorted(who), "removed": removed})
    flash(f"Erased that shopper: {erasure.summary(removed)}.", "ok")
    return redirect(url_for("web.commerce_payment_errors", key=site.public_key))


# -- abandonment history -----------------------------------------------------------------


@bp.get("/sites/<key>/abandonment")
@login_required
def commerce_abandonment(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    days = request.args.get("days", "30")
    chosen = int(days) if days.isdigit() and int(days) in abandonment.DAY_CHOICES else 30
    tracking = current_app.extensions["sitetracker"]
    now = tracking.clock.now()
    live = commerce_services().funnel.gauges(commerce_services().site_info(site), now)
    entries = abandonment.daily(site.id, local_day(now, site.timezone), chosen, live["funnel"])
    return page("commerce/abandonment.html", site, role, "abandonment", entries=entries,
                days=chosen, choices=abandonment.DAY_CHOICES, chart=chart(entries))


def chart(entries: list[dict[str, Any]], width: int = 720, height: int = 200
          ) -> dict[str, Any]:
    """Both rates (0 to 100%) over the days, for an inline SVG: per rate, the final days
    as a polyline and dots (a lone day is a dot, not an invisible line), and today (not
    final) as an open dot joined to the last final day by a dashed segment::

        {"width": 720, "height": 200, "rates": [{"name": "cart", "line": "0.0,120.0 …",
         "dots": [(0.0, 120.0), …], "today": (720.0, 80.0) or None,
         "link": "600.0,100.0 720.0,80.0" or ""}, …]}
    """
    step = width / max(len(entries) - 1, 1)

    def rate(name: str, key: str) -> dict[str, Any]:
        points = [(i * step, height - entry[key] * height, entry["final"])
                  for i, entry in enumerate(entries) if entry[key] is not None]
        final = [(x, y) for x, y, is_final in points if is_final]
        today = next(((x, y) for x, y, is_final in points if not is_final), None)
        link = (f"{final[-1][0]:.1f},{final[-1][1]:.1f} {today[0]:.1f},{today[1]:.1f}"
                if final and today else "")
        return {"name": name, "line": " ".join(f"{x:.1f},{y:.1f}" for x, y in final),
                "dots": final, "today": today, "link": link}

    return {"width": width, "height": height,
            "rates": [rate("cart", "cart_abandonment"),
                      rate("checkout", "checkout_abandonment")]}
