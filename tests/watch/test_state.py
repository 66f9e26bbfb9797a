"""The watch feature's live state, on the in-process store and on Redis alike: who
watches which shopper, a shopper's sending budget, the lead-up asked for."""

from __future__ import annotations

from sitetracker.watch.state import WatchState

SITE = 7
REF = "ab" * 8


def test_a_watch_is_seen_by_the_shopper_the_site_and_the_socket_until_it_stops(store):
    state = WatchState(store)
    state.start(SITE, REF, "sid-1", 1000.0)
    state.start(SITE, REF, "sid-2", 2000.0)
    assert state.watchers(SITE, REF) == {"sid-1": 1000.0, "sid-2": 2000.0}
    assert state.watched(SITE) == {REF}
    assert state.watched_by("sid-1") == [(SITE, REF)]
    assert state.stop(SITE, REF, "sid-1") is False  # sid-2 still watches
    assert state.stop(SITE, REF, "sid-2") is True
    assert state.watchers(SITE, REF) == {} and state.watched(SITE) == set()
    assert state.watched_by("sid-2") == []


def test_a_shoppers_budget_counts_frames_and_characters_per_window(store):
    state = WatchState(store)
    assert state.spend(SITE, REF, 10, 1000.0, 10, most_frames=2, most_chars=100)
    assert state.spend(SITE, REF, 10, 1001.0, 10, most_frames=2, most_chars=100)
    assert not state.spend(SITE, REF, 10, 1002.0, 10, most_frames=2, most_chars=100)
    assert state.spend(SITE, REF, 10, 1010.0, 10, most_frames=2, most_chars=100)


def test_a_lead_up_asked_for_is_known_until_done(store):
    state = WatchState(store)
    state.ask_lead(SITE, 4, REF)
    assert state.lead_asked(SITE, 4) == REF
    state.lead_done(SITE, 4)
    assert state.lead_asked(SITE, 4) is None
