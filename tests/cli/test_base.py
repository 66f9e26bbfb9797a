"""What every command shares: the settings (environment, ``--config``, options), the
patched async mode, the database brought up to date, and one-line errors."""

from __future__ import annotations

import click
import pytest
from marshmallow import ValidationError

from sitetracker import db, migrations
from sitetracker.cli.base import (
    CliState,
    ConfigurationError,
    load,
    open_database,
    reject,
    state_of,
)


def test_settings_cannot_change_the_patched_async_mode(invoke, tmp_path):
    config = tmp_path / "sitetracker.toml"
    config.write_text('async_mode = "threading"\n')

    result = invoke("--config", str(config), "serve", obj=CliState(patched_mode="eventlet"))

    assert result.exit_code == 2
    assert "SITETRACKER_ASYNC_MODE=threading" in result.output


def context(obj=None) -> click.Context:
    return click.Context(click.Command("test"), obj=obj)


def test_a_command_without_state_reads_no_config_file_and_no_patched_mode():
    assert state_of(context()) == CliState()
    assert state_of(context(CliState("x.toml", "eventlet"))).patched_mode == "eventlet"


def test_options_given_override_the_environment_and_those_not_given_do_not(
        monkeypatch, tmp_path):
    monkeypatch.setenv("SITETRACKER_PORT", "8123")
    monkeypatch.setenv("SITETRACKER_DATA_DIR", str(tmp_path))
    assert load(context(), port=None).port == 8123
    assert load(context(), port=9000).port == 9000


def test_the_config_file_of_the_command_line_is_read(monkeypatch, tmp_path):
    monkeypatch.setenv("SITETRACKER_DATA_DIR", str(tmp_path))
    config = tmp_path / "sitetracker.toml"
    config.write_text("port = 8456\n")
    assert load(context(CliState(config_file=str(config)))).port == 8456


def test_the_database_is_brought_up_to_date_and_held(app_config, monkeypatch):
    monkeypatch.setenv("SITETRACKER_DATABASE_URL", app_config["database_url"])
    monkeypatch.setenv("SITETRACKER_DATA_DIR", app_config["data_dir"])
    with open_database(load(context())):
        assert not db.database.is_closed()
        assert migrations.pending() == []


def test_a_configuration_error_is_one_line_and_exits_2(capsys):
    error = ConfigurationError("SITETRACKER_PORT: not a number")
    error.show()
    assert capsys.readouterr().err == "configuration error: SITETRACKER_PORT: not a number\n"
    assert error.exit_code == 2


def test_an_invalid_field_is_a_usage_error_naming_its_option_and_the_others():
    error = ValidationError({"secret": ["too short"], "shop": ["not a shop"]})
    with pytest.raises(click.BadParameter) as refused:
        reject(error, {"secret": "--secret", "shop": "--shop"})
    assert refused.value.param_hint == ["--secret"]
    assert refused.value.message == "too short (also --shop: not a shop)"
