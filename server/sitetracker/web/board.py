"""The live board of one site, and the agency overview of every site the user may see.

Both pages are shells: the browser code (``/board.js``, ``/overview.js``, built from
``dashboard/src/``) reads its settings from ``data-*`` attributes, fetches the layout
and history from the JSON API, and takes everything live from the admin socket.
"""

from __future__ import annotations

from flask import g, render_template, url_for
from flask.typing import ResponseReturnValue

from ..auth import access
from ..auth.session import login_required
from ..headers import REPLAYER_POLICY
from ..models import User
from ..reports import agency, layouts
from . import bp
from .layout import by_organization, nav_sites, today_rows
from .site_page import site_for


def landing(user: User) -> str:
    """Where signing in leads: the overview for several sites, the board for one."""
    sites = [s for s in access.visible_sites(user)
             if access.at_least(access.site_role(user, s), "viewer")]
    if len(sites) >= 2:
        return url_for("web.overview")
    if len(sites) == 1:
        return url_for("web.board", key=sites[0].public_key)
    return url_for("web.sites")


@bp.get("/sites/<key>/board")
@login_required
def board(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    saved = layouts.layout_of(g.user.id, site.id)
    html = render_template("board.html", site=site, role=role,
                           theme=saved.theme if saved else "dark")
    return html, {"Content-Security-Policy": REPLAYER_POLICY}  # the live view


@bp.get("/overview")
@login_required
def overview() -> ResponseReturnValue:
    """Today's totals across the user's sites, the top sites, a live timeline and map,
    and a live card per site linking to its board."""
    roles = {s.id: access.site_role(g.user, s) for s in nav_sites()}
    # Live cards show shoppers: not an operator's (a role below viewer).
    readable = [s for s in nav_sites() if access.at_least(roles[s.id], "viewer")]
    rows = today_rows(readable)
    totals = agency.totals(rows)
    leading = max(totals["revenue"].items(), key=lambda kv: kv[1], default=("", 0.0))[0]
    return render_template("overview.html", groups=by_organization(readable), rows=rows,
                           totals=totals, leading_currency=leading, roles=roles)
