"""Each site's watch settings (settings.py): both off for a new site, saved at once,
read through a cache that a save's caller forgets."""

from __future__ import annotations

from sitetracker.watch.settings import Setting, Settings, save, stored


def test_a_new_site_has_the_live_view_and_lead_ups_off(app, world):
    assert stored(world.site_a.id) == Setting(live=False, lead=False)


def test_a_saved_setting_is_read_back_and_saved_again_over_itself(app, world):
    assert save(world.site_a.id, Setting(live=True)) == Setting(live=True, lead=False)
    assert save(world.site_a.id, Setting(live=True, lead=True)) == Setting(True, True)
    assert save(world.site_a.id, Setting(live=True, lead=True)) == Setting(True, True)
    assert stored(world.site_a.id) == Setting(True, True)
    assert stored(world.site_b.id) == Setting()


def test_the_cache_answers_what_it_read_until_the_site_is_forgotten(app, world):
    cache = Settings(ttl=3600)
    assert cache.of(world.site_a.id) == Setting()
    save(world.site_a.id, Setting(live=True))
    assert cache.of(world.site_a.id) == Setting()  # read within its time to live
    cache.forget(world.site_a.id)
    assert cache.of(world.site_a.id) == Setting(live=True)


def test_without_a_time_to_live_every_read_goes_to_storage(app, world):
    cache = Settings(ttl=0)
    assert cache.of(world.site_a.id) == Setting()
    save(world.site_a.id, Setting(lead=True))
    assert cache.of(world.site_a.id) == Setting(lead=True)
