"""Messaging's live state, on the in-process store and on Redis alike: shoppers' refs,
rate-limit windows, announcing once, who left, dismissed broadcasts."""

from __future__ import annotations

from sitetracker.messaging.state import MessagingState

SITE = 7


def test_a_ref_leads_to_its_visitor_and_says_whether_a_conversation_is_known(store):
    state = MessagingState(store)
    assert state.arrived(SITE, "ab" * 8, "visitor-1") is None
    assert state.visitor_of(SITE, "ab" * 8) == "visitor-1"
    assert state.visitor_of(SITE + 1, "ab" * 8) is None
    state.note_conversation(SITE, "visitor-1", False)
    assert state.arrived(SITE, "ab" * 8, "visitor-1") is False
    state.note_conversation(SITE, "visitor-1", True)
    assert state.arrived(SITE, "ab" * 8, "visitor-1") is True


def test_a_rate_limit_counts_per_window_and_says_how_long_to_wait(store):
    state = MessagingState(store)
    now = 1_000_020.0  # the start of a minute
    assert [state.allow("chat", "alice", 3, 60, now + n) for n in range(3)] == [0, 0, 0]
    assert state.allow("chat", "alice", 3, 60, now + 3) == 57.0
    assert state.allow("chat", "bob", 3, 60, now + 3) == 0
    assert state.allow("chat", "alice", 3, 60, now + 60) == 0


def test_one_claim_per_broadcast(store):
    first, second = MessagingState(store), MessagingState(store)
    assert first.claim_announcement(3, "worker-a", 600) is True
    assert second.claim_announcement(3, "worker-b", 600) is False
    assert second.claim_announcement(4, "worker-b", 600) is True


def test_a_change_of_presence_is_seen_once(store):
    state = MessagingState(store)
    assert state.was_live(9, True) is None
    assert state.was_live(9, True) is True
    assert state.was_live(9, False) is True
    assert state.was_live(9, False) is False


def test_dismissed_broadcasts_are_kept_per_shopper(store):
    state = MessagingState(store)
    state.dismiss(SITE, "visitor-1", 3)
    state.dismiss(SITE, "visitor-1", 5)
    assert state.dismissed(SITE, "visitor-1") == {3, 5}
    assert state.dismissed(SITE, "visitor-2") == set()


def test_the_broadcasts_version_changes_with_them(store):
    state = MessagingState(store)
    before = state.broadcasts_version(SITE)
    state.broadcasts_changed(SITE)
    assert state.broadcasts_version(SITE) not in ("", before)


def test_once_seeded_a_site_knows_who_has_a_conversation_without_asking(store):
    state = MessagingState(store)
    state.seed_conversations(SITE, ["visitor-1"])
    assert state.arrived(SITE, "ab" * 8, "visitor-1") is True
    assert state.arrived(SITE, "cd" * 8, "visitor-2") is False
    assert state.arrived(SITE + 1, "ab" * 8, "visitor-1") is None  # another site: ask
    # A conversation started after the seed (on any worker) is known at the next connect.
    other = MessagingState(store)
    other.note_conversation(SITE, "visitor-3", True)
    assert state.arrived(SITE, "ef" * 8, "visitor-3") is True
