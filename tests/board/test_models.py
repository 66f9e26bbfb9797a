"""What the board stores: one layout a person a site, dark unless chosen otherwise."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.board.models import BoardLayout
from sitetracker.db import database
from sitetracker.models import Site


def test_a_person_has_one_layout_per_site(world, make_user):
    user = make_user("v@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        BoardLayout.create(user=user, site=world.site_a.id, layout="{}")
        with pytest.raises(IntegrityError), database.atomic():
            BoardLayout.create(user=user, site=world.site_a.id, layout="{}")
        BoardLayout.create(user=user, site=world.site_a2.id, layout="{}")
        assert BoardLayout.select().count() == 2


def test_a_layout_is_dark_unless_chosen_otherwise(world, make_user):
    user = make_user("v@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        row = BoardLayout.create(user=user, site=world.site_a.id, layout="{}")
        again = BoardLayout.get_by_id(row.id)
    assert again.theme == "dark" and again.updated_at is not None


def test_layouts_go_with_their_site_and_their_person(world, make_user):
    user = make_user("v@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        BoardLayout.create(user=user, site=world.site_a.id, layout="{}")
        BoardLayout.create(user=user, site=world.site_a2.id, layout="{}")
        Site.delete().where(Site.id == world.site_a.id).execute()
        assert [row.site_id for row in BoardLayout.select()] == [world.site_a2.id]
        user.delete_instance()
        assert BoardLayout.select().count() == 0
