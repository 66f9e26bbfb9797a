"""The command line as a whole (cli/__init__.py): settings, errors in one line."""

from __future__ import annotations


def test_a_missing_argument_is_one_line(invoke):
    result = invoke("sites", "add", "Shop")

    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Missing option '--domain'. (see: ")


def test_bad_setting_is_a_configuration_error_naming_it(invoke):
    result = invoke("sites", "list", SITETRACKER_PORT="abc")

    assert result.exit_code == 2
    assert result.output.startswith("configuration error: SITETRACKER_PORT: ")
    assert "Traceback" not in result.output


def test_config_option_reads_the_file(invoke, tmp_path):
    config = tmp_path / "sitetracker.toml"
    config.write_text("max_connections = 3\n")

    result = invoke("--config", str(config), "sites", "list")

    assert result.exit_code == 2
    assert "configuration error: " in result.output
    assert "max_connections: must be from 16" in result.output
