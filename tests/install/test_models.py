"""What install detection stores: one sighting a part a site, one row a refused origin."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.db import database
from sitetracker.install.models import InstallSighting, RefusedOrigin
from sitetracker.models import Site


def test_each_part_of_an_installation_is_one_row_per_site(world):
    with database.connection_context():
        InstallSighting.create(site=world.site_a.id, kind="widget")
        with pytest.raises(IntegrityError), database.atomic():
            InstallSighting.create(site=world.site_a.id, kind="widget")
        InstallSighting.create(site=world.site_a.id, kind="overlay")
        InstallSighting.create(site=world.site_b.id, kind="widget")
        assert InstallSighting.select().count() == 3


def test_a_refused_origin_is_one_row_per_site_counting_its_attempts(world):
    with database.connection_context():
        row = RefusedOrigin.create(site=world.site_a.id, origin="https://elsewhere.test")
        assert RefusedOrigin.get_by_id(row.id).attempts == 1
        with pytest.raises(IntegrityError), database.atomic():
            RefusedOrigin.create(site=world.site_a.id, origin="https://elsewhere.test")
        RefusedOrigin.create(site=world.site_b.id, origin="https://elsewhere.test")


def test_a_sighting_without_pages_has_empty_ones(world):
    with database.connection_context():
        row = InstallSighting.create(site=world.site_a.id, kind="widget")
        again = InstallSighting.get_by_id(row.id)
    assert (again.first_page, again.last_page) == ("", "")
    assert again.first_at is not None and again.last_at is not None


def test_what_was_seen_goes_with_the_site(world):
    with database.connection_context():
        InstallSighting.create(site=world.site_a.id, kind="widget")
        RefusedOrigin.create(site=world.site_a.id, origin="https://elsewhere.test")
        Site.delete().where(Site.id == world.site_a.id).execute()
        assert InstallSighting.select().count() == 0
        assert RefusedOrigin.select().count() == 0
