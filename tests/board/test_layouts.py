"""Saving a person's board for a site, and going back to the default one."""

from __future__ import annotations

import json

from sitetracker.board.layouts import reset_layout, save_layout
from sitetracker.board.models import BoardLayout


def rows():
    return sorted((r.user_id, r.site_id, r.theme, r.layout) for r in BoardLayout.select())


def test_saving_twice_keeps_one_row_with_the_latest(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)
    first, second = json.dumps({"tiles": []}), json.dumps({"tiles": [{"type": "live"}]})

    save_layout(ann.id, world.site_a.id, first, "light")
    save_layout(ann.id, world.site_a.id, second, "dark")

    assert rows() == [(ann.id, world.site_a.id, "dark", second)]


def test_each_person_and_site_has_their_own_and_reset_forgets_only_that(db, world,
                                                                        make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)
    bob = make_user("bob@a.test", "viewer", organization=world.org_a)
    save_layout(ann.id, world.site_a.id, "{}", "light")
    save_layout(ann.id, world.site_a2.id, "{}", "dark")
    save_layout(bob.id, world.site_a.id, "{}", "dark")

    reset_layout(ann.id, world.site_a.id)

    assert rows() == sorted([(ann.id, world.site_a2.id, "dark", "{}"),
                             (bob.id, world.site_a.id, "dark", "{}")])
