"""What every page's forms share: the posted fields, their errors, a safe next page and
the time zones offered."""

from __future__ import annotations

import pytest
from flask import Flask
from marshmallow import ValidationError

from sitetracker.conflict import Conflict
from sitetracker.web.forms import (
    errors_of,
    form_values,
    safe_next,
    timezone_choices,
    timezone_names,
)


def test_only_the_named_fields_posted_are_read():
    with Flask(__name__).test_request_context(
            "/", method="POST", data={"name": "Shop", "domains": "a.test", "other": "x"}):
        assert form_values("name", "domains", "timezone") == {"name": "Shop",
                                                              "domains": "a.test"}


def test_errors_name_each_field_once():
    conflict = Conflict("name", "that name is taken")
    assert errors_of(conflict) == {"name": "that name is taken"}
    invalid = ValidationError({"name": ["required", "too short"], "timezone": ["unknown"]})
    assert errors_of(invalid) == {"name": "required", "timezone": "unknown"}


@pytest.mark.parametrize(("target", "kept"), [
    ("/account", "/account"),
    ("/sites/abc/board?x=1", "/sites/abc/board?x=1"),
    ("/?", "/"),
    ("/overview?", "/overview"),
    (None, None), ("", None), ("account", None),
    ("//evil.test/", None), ("/\\evil.test", None), ("/a b", None), ("/a\tb", None),
    ("/a\x00", None), ("/a\x7f", None), ("https://evil.test/", None),
])
def test_only_a_path_on_this_site_is_followed(target, kept):
    assert safe_next(target) == kept


def test_time_zones_are_offered_utc_first_then_sorted():
    names = timezone_names()
    assert names[0] == "UTC"
    assert list(names[1:]) == sorted(names[1:])
    assert "Europe/Paris" in names and not any(n.startswith("Etc/") for n in names)


def test_a_current_time_zone_missing_from_the_list_is_offered_first():
    assert timezone_choices("Europe/Paris") == timezone_names()
    assert timezone_choices("EST")[:2] == ("EST", "UTC")
