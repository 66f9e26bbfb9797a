"""``sitetracker simulate``: its options are checked before any shopper starts."""

from __future__ import annotations

import pytest

KEY = "a" * 22


@pytest.mark.parametrize(("args", "named"), [
    (["--site", "not a key!", "--shoppers", "5"], "--site"),
    (["--site", KEY, "--shoppers", "0"], "--shoppers"),
    (["--site", KEY, "--shoppers", "5001"], "--shoppers"),
    (["--site", KEY, "--shoppers", "5", "--url", "ftp://127.0.0.1:8000"], "--url"),
    (["--site", KEY, "--shoppers", "5", "--origin", "shop.test"], "--origin"),
    (["--site", KEY, "--shoppers", "5", "--duration", "0"], "--duration"),
    (["--site", KEY, "--shoppers", "5", "--speed", "101"], "--speed"),
    (["--shoppers", "5"], "--site"),
])
def test_a_bad_option_is_a_usage_error_naming_it(invoke, args, named):
    result = invoke("simulate", *args)
    assert result.exit_code == 2
    assert named in result.output
    assert "Simulated" not in result.output


def test_the_help_names_the_defaults(invoke):
    result = invoke("simulate", "--help")
    assert result.exit_code == 0
    assert "http://127.0.0.1:8000" in result.output
    assert "https://demo.sitetracker.test" in result.output
