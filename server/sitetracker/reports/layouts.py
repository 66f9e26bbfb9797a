"""A person's saved board for a site (the board page's theme, the board API)."""

from __future__ import annotations

from ..board.models import BoardLayout


def layout_of(user_id: int, site_id: int) -> BoardLayout | None:
    """The layout ``user_id`` saved for ``site_id``, or None (the default board)::

        BoardLayout(layout='{"tiles":[...]}', theme="dark", updated_at=...)
    """
    return BoardLayout.get_or_none((BoardLayout.user == user_id)
                                   & (BoardLayout.site == site_id))
