"""A session's summary and what each change to it adds to the daily counters."""

from __future__ import annotations

from sitetracker.ingest.sessions import SessionTouch, counts_added, merge


def view(ts: int, path: str, **more) -> SessionTouch:
    return SessionTouch(started=ts, ended=ts, entry=path, exit=path, pageviews=1, **more)


def test_a_first_page_view_counts_a_session_with_its_channel_and_a_bounce():
    added = counts_added(None, view(100, "/", channel="social", source="t.co",
                                    country="FR", device="mobile"))
    assert added == {("sessions", ""): 1, ("channel", "social"): 1, ("source", "t.co\t\t"): 1,
                     ("referrer", "t.co"): 1, ("entry", "/"): 1, ("exit", "/"): 1,
                     ("bounces", ""): 1, ("country", "FR"): 1, ("device", "mobile"): 1}


def test_a_second_page_takes_back_the_bounce_moves_the_exit_and_adds_the_time():
    first = view(100, "/", channel="direct")
    both = merge(first, view(160, "/cart"))
    assert (both.entry, both.exit, both.pageviews, both.duration) == ("/", "/cart", 2, 60)
    assert counts_added(first, both) == {("bounces", ""): -1, ("exit", "/"): -1,
                                         ("exit", "/cart"): 1, ("duration", ""): 60}


def test_a_purchase_converts_the_session_once():
    first = view(100, "/")
    bought = merge(first, SessionTouch(started=130, ended=130, orders=1))
    assert counts_added(first, bought) == {("converted", ""): 1, ("duration", ""): 30}
    again = merge(bought, SessionTouch(started=140, ended=140, orders=1))
    assert counts_added(bought, again) == {("duration", ""): 10}


def test_events_without_a_page_view_count_nothing():
    assert counts_added(None, SessionTouch(started=5, ended=9)) == {}


def test_a_row_journaled_before_summaries_loads_as_an_empty_touch():
    assert SessionTouch.from_row({"site": 1, "day": "2026-03-10", "session": "ab"}) == (
        SessionTouch())


def test_a_session_takes_its_screen_size_from_the_stretch_that_measured_it():
    by_beacon = view(100, "/", device="mobile")  # the first page view, sent before the
    measured = SessionTouch(started=110, ended=110, device="mobile", screen="phone")
    both = merge(by_beacon, measured)  # live connection said the page's width
    assert both.screen == "phone"
    assert counts_added(None, both)["screen", "phone"] == 1
    assert merge(measured, view(120, "/cart", screen="tablet")).screen == "phone"


def test_a_session_without_a_measured_screen_counts_no_screen_size():
    assert not [key for key in counts_added(None, view(100, "/")) if key[0] == "screen"]
