"""The channel rule, one case per line: the same table as docs/reports.md."""

from __future__ import annotations

import pytest

from sitetracker.ingest.channels import CHANNELS, classify

CASES = [
    # referrer host, utm_source, utm_medium -> channel
    ("", "", "", "direct"),
    ("", "", "unknown", "direct"),
    ("www.google.com", "", "", "organic_search"),
    ("google.co.uk", "", "", "organic_search"),
    ("duckduckgo.com", "", "", "organic_search"),
    ("", "google", "organic", "organic_search"),
    ("www.google.com", "google", "cpc", "paid"),
    ("", "facebook", "paid_social", "paid"),
    ("", "newsletter", "", "email"),
    ("", "brevo", "email", "email"),
    ("mail.google.com", "", "", "email"),
    ("l.facebook.com", "", "", "social"),
    ("t.co", "", "", "social"),
    ("", "instagram", "social", "social"),
    ("", "pinterest", "", "social"),
    ("blog.example.org", "", "", "referral"),
    ("", "partner", "referral", "referral"),
    ("", "partner", "print", "referral"),
]


@pytest.mark.parametrize(("host", "source", "medium", "channel"), CASES)
def test_a_session_gets_the_channel_of_the_table(host, source, medium, channel):
    assert classify(host, source, medium) == channel


def test_every_channel_has_a_case():
    assert {case[3] for case in CASES} == set(CHANNELS)
