"""What the notification settings pages accept (forms.py), and how an endpoint's address
and secret are shown back."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from sitetracker.notify.forms import (
    EndpointSchema,
    QuietSchema,
    ReportSchema,
    masked_secret,
    masked_url,
    rules_choice,
)


def test_an_endpoint_form_loads_with_its_defaults_and_ignores_the_csrf_token():
    loaded = EndpointSchema().load({"kind": "slack", "name": "Ops",
                                    "url": "https://hooks.slack.test/T1/abcd",
                                    "csrf_token": "x"})
    assert loaded == {"kind": "slack", "name": "Ops", "url": "https://hooks.slack.test/T1/abcd",
                      "secret": "", "sales": False}


@pytest.mark.parametrize(("form", "field"), [
    ({"kind": "pager", "name": "x", "url": "https://a.test/h"}, "kind"),
    ({"kind": "slack", "name": "", "url": "https://a.test/h"}, "name"),
    ({"kind": "slack", "name": "x", "url": "ftp://a.test/h"}, "url"),
    ({"kind": "slack", "name": "x", "url": "https://a.test/" + "h" * 500}, "url"),
    ({"kind": "webhook", "name": "x", "url": "https://a.test/h", "secret": "s" * 65},
     "secret"),
])
def test_a_bad_endpoint_is_refused_naming_the_field(form, field):
    with pytest.raises(ValidationError) as caught:
        EndpointSchema().load(form)
    assert set(caught.value.messages) == {field}


def test_quiet_hours_need_a_known_time_zone_and_real_times():
    loaded = QuietSchema().load({"timezone": "Europe/Paris", "quiet_start": "22:00",
                                 "quiet_end": "07:00", "emergencies": "true"})
    assert loaded["emergencies"] is True and loaded["quiet_end"] == "07:00"
    with pytest.raises(ValidationError) as caught:
        QuietSchema().load({"timezone": "Mars/Olympus"})
    assert caught.value.messages == {"timezone": ["not a known time zone"]}
    with pytest.raises(ValidationError) as caught:
        QuietSchema().load({"timezone": "UTC", "quiet_start": "25:00"})
    assert caught.value.messages == {"quiet_start": ["a time such as 22:00"]}


def test_a_report_is_off_daily_or_weekly_at_an_hour_of_the_day():
    assert ReportSchema().load({}) == {"frequency": "off", "hour": 8}
    assert ReportSchema().load({"frequency": "weekly", "hour": "6"}) == {
        "frequency": "weekly", "hour": 6}
    with pytest.raises(ValidationError) as caught:
        ReportSchema().load({"frequency": "hourly", "hour": "24"})
    assert set(caught.value.messages) == {"frequency", "hour"}


def test_checked_rules_are_stored_as_all_or_the_known_ids_in_order():
    assert rules_choice(["3", "all"], {1, 3}) == "all"
    assert rules_choice(["3", "1", "9"], {1, 3}) == "1,3"
    assert rules_choice([], {1, 3}) == ""


def test_an_address_and_a_secret_are_never_shown_in_full():
    url = "https://hooks.slack.test/services/T000/B000/XXXXsecretZZ9f"
    assert masked_url(url) == "https://hooks.slack.test/…ZZ9f"
    assert masked_secret("s3cret-value") == "…alue" and masked_secret("") == "none"
