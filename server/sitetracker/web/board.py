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
from ..board.models import BoardLayout
from ..models import User
from . import bp
from .layout import by_organization, nav_sites
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
    saved = BoardLayout.get_or_none((BoardLayout.user == g.user.id)
                                    & (BoardLayout.site == site.id))
    return render_template("board.html", site=site, role=role,
                           theme=saved.theme if saved else "dark")


@bp.get("/overview")
@login_required
def overview() -> ResponseReturnValue:
    """Every site the user may see, each a live card linking to its board."""
    roles = {s.id: access.site_role(g.user, s) for s in nav_sites()}
    # Live cards show shoppers: not an operator's (a role below viewer).
    readable = [s for s in nav_sites() if access.at_least(roles[s.id], "viewer")]
    return render_template("overview.html", groups=by_organization(readable), roles=roles)
