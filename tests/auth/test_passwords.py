"""Password hashing: salted hashes that only the same password matches."""

from __future__ import annotations

from sitetracker.auth.passwords import hash_password, verify_password


def test_a_hash_matches_its_password_and_no_other():
    stored = hash_password("correct horse battery")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")
    assert not verify_password(stored, "")


def test_the_same_password_hashes_differently_each_time_and_never_in_clear():
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first != second
    assert "correct horse battery" not in first
    assert verify_password(first, "correct horse battery")
    assert verify_password(second, "correct horse battery")


def test_an_unknown_person_without_a_hash_never_matches():
    assert verify_password(None, "correct horse battery") is False
    assert verify_password(None, "not a real password") is False
