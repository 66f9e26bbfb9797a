"""Saving a person's board for a site, and going back to the default one (the board
API's writes; :mod:`sitetracker.reports.layouts` reads them back)."""

from __future__ import annotations

from peewee import IntegrityError

from ..db import database
from ..models import utcnow
from .models import BoardLayout


def save_layout(user_id: int, site_id: int, layout: str, theme: str) -> None:
    """Store ``layout`` (validated JSON, at most 20 KB) and ``theme`` as the person's
    board for the site, over the one saved before if any."""
    changes = {"layout": layout, "theme": theme, "updated_at": utcnow()}
    mine = (BoardLayout.user == user_id) & (BoardLayout.site == site_id)
    with database.atomic():
        updated = BoardLayout.update(changes).where(mine).execute()
        if not updated:
            try:
                with database.atomic():
                    BoardLayout.create(user=user_id, site=site_id, **changes)
            except IntegrityError:  # saved at the same moment from another tab
                BoardLayout.update(changes).where(mine).execute()


def reset_layout(user_id: int, site_id: int) -> None:
    """Forget the person's board for the site: they see the default one again."""
    BoardLayout.delete().where((BoardLayout.user == user_id)
                               & (BoardLayout.site == site_id)).execute()
