"""A person's saved board for a site."""

from __future__ import annotations

from sitetracker.board.models import BoardLayout
from sitetracker.reports.layouts import layout_of


def test_layout_of_is_the_persons_own_for_that_site(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)
    bob = make_user("bob@a.test", "viewer", organization=world.org_a)
    BoardLayout.create(user=ann, site=world.site_a, layout='{"tiles":[]}', theme="light")
    BoardLayout.create(user=bob, site=world.site_a, layout='{"tiles":[]}', theme="dark")

    mine = layout_of(ann.id, world.site_a.id)

    assert mine is not None and (mine.theme, mine.layout) == ("light", '{"tiles":[]}')
    assert layout_of(bob.id, world.site_a.id).theme == "dark"
    assert layout_of(ann.id, world.site_a2.id) is None
