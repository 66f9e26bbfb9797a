"""Privacy through the JSON API: erase a shopper.

* ``DELETE /api/sites/<key>/shoppers?email=...`` (or ``?visitor=<exact visitor id>``, or
  ``?ref=<16 hex>``): everything stored about that shopper goes; the answer counts what
  was removed, per kind: ``{"removed": {"payment_errors": 2, "conversations": 1, ...}}``.

Admins erase.
"""

from __future__ import annotations

from flask import current_app, request
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from ..privacy import erasure
from . import bp
from .sites import site_for


def erase_shopper(key: str) -> dict[str, int]:
    """The erasure both routes run: the shopper named by the query string."""
    site, _ = site_for(key, "admin")
    who = erasure.ShopperSchema().load(request.args.to_dict())
    return erasure.erase_live(current_app.extensions["sitetracker"], site.id, who)


@bp.delete("/sites/<key>/shoppers")
@login_required
def erase_shoppers(key: str) -> ResponseReturnValue:
    return {"removed": erase_shopper(key)}
