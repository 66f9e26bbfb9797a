from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sitetracker.config import ConfigError, load_settings


def write_toml(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_defaults_are_derived_from_the_data_dir_and_address(tmp_path):
    settings = load_settings({"data_dir": tmp_path}, environ={})

    assert settings.database_url == f"sqlite:///{(tmp_path / 'sitetracker.db').resolve()}"
    assert settings.is_sqlite
    assert settings.base_url == "http://127.0.0.1:8000"
    assert settings.async_mode == "eventlet"
    assert settings.max_connections == 10000
    assert not settings.secure_cookies


def test_environment_values_are_parsed_and_normalised(tmp_path):
    settings = load_settings(environ={
        "SITETRACKER_DATA_DIR": str(tmp_path),
        "SITETRACKER_DATABASE_URL": "mysql://user:pw@db.internal/tracker",
        "SITETRACKER_REDIS_URL": "redis://127.0.0.1:6379/0",
        "SITETRACKER_PORT": "9001",
        "SITETRACKER_TRUSTED_PROXIES": "1",
        "SITETRACKER_BASE_URL": "https://track.example.com/",
        "SITETRACKER_ASYNC_MODE": " Threading ",
        "SITETRACKER_LOG_LEVEL": "debug",
        "SITETRACKER_FLUSH_INTERVAL": "0.5",
        "SITETRACKER_TESTING": "yes",
        "SITETRACKER_SECRET_KEY": "from-the-environment",
    })

    assert settings.port == 9001
    assert settings.trusted_proxies == 1
    assert settings.base_url == "https://track.example.com"
    assert settings.secure_cookies
    assert settings.async_mode == "threading"
    assert settings.log_level == "DEBUG"
    assert settings.flush_interval == 0.5
    assert settings.testing is True
    assert not settings.is_sqlite
    assert settings.secret_key == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_any_address_gives_a_loopback_base_url(tmp_path):
    settings = load_settings({"data_dir": tmp_path, "host": "0.0.0.0", "port": 8003}, environ={})

    assert settings.base_url == "http://127.0.0.1:8003"


def test_file_named_by_sitetracker_config_is_read(tmp_path):
    config = write_toml(tmp_path / "sitetracker.toml", 'port = 9100\nlog_level = "warning"\n'
                        f'data_dir = "{tmp_path}"\n')

    settings = load_settings(environ={"SITETRACKER_CONFIG": str(config)})

    assert settings.port == 9100
    assert settings.log_level == "WARNING"
    assert settings.data_dir == tmp_path


def test_overrides_beat_the_environment_which_beats_the_file(tmp_path):
    config = write_toml(tmp_path / "c.toml", "port = 1111\nlive_window = 60\n")
    environ = {"SITETRACKER_DATA_DIR": str(tmp_path), "SITETRACKER_PORT": "2222"}

    from_file = load_settings({"config_file": config, "data_dir": tmp_path}, environ={})
    from_env = load_settings({"config_file": config}, environ=environ)
    overridden = load_settings({"config_file": config, "port": 3333}, environ=environ)

    assert (from_file.port, from_env.port, overridden.port) == (1111, 2222, 3333)
    assert overridden.live_window == 60


def test_unknown_overrides_are_kept_as_extra(tmp_path):
    settings = load_settings({"data_dir": tmp_path, "FEATURE_X": 1}, environ={})

    assert settings.extra == {"feature_x": 1}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SITETRACKER_PORT", "abc"),
        ("SITETRACKER_PORT", "70000"),
        ("SITETRACKER_DATABASE_URL", "postgres://db/tracker"),
        ("SITETRACKER_DATABASE_URL", "mysql://root@127.0.0.1"),
        ("SITETRACKER_REDIS_URL", "http://127.0.0.1:6379"),
        ("SITETRACKER_TRUSTED_PROXIES", "-1"),
        ("SITETRACKER_BASE_URL", "ftp://track.example.com"),
        ("SITETRACKER_ASYNC_MODE", "asyncio"),
        ("SITETRACKER_MAX_CONNECTIONS", "5"),
        ("SITETRACKER_LOG_LEVEL", "LOUD"),
        ("SITETRACKER_FLUSH_INTERVAL", "fast"),
        ("SITETRACKER_LIVE_WINDOW", "1"),
        ("SITETRACKER_RAW_EVENT_RETENTION_DAYS", "-3"),
        ("SITETRACKER_TESTING", "maybe"),
    ],
)
def test_invalid_value_is_reported_with_its_setting(tmp_path, name, value):
    with pytest.raises(ConfigError, match=f"^{name}: "):
        load_settings(environ={"SITETRACKER_DATA_DIR": str(tmp_path), name: value})


def test_missing_geoip_database_is_reported(tmp_path):
    environ = {"SITETRACKER_GEOIP_DB": str(tmp_path / "missing.mmdb")}

    with pytest.raises(ConfigError, match="^SITETRACKER_GEOIP_DB: no such file"):
        load_settings({"data_dir": tmp_path}, environ=environ)


def test_invalid_value_in_the_file_names_the_file_and_key(tmp_path):
    config = write_toml(tmp_path / "c.toml", 'port = "eighty"\n')

    with pytest.raises(ConfigError, match=r"c\.toml: port: must be a whole number"):
        load_settings({"config_file": config, "data_dir": tmp_path}, environ={})


def test_unknown_key_in_the_file_is_reported(tmp_path):
    config = write_toml(tmp_path / "c.toml", "prot = 8000\n")

    with pytest.raises(ConfigError, match="unknown setting 'prot'"):
        load_settings({"config_file": config, "data_dir": tmp_path}, environ={})


def test_missing_or_malformed_file_is_reported(tmp_path):
    broken = write_toml(tmp_path / "broken.toml", "port = \n")

    with pytest.raises(ConfigError, match="^SITETRACKER_CONFIG: no such file"):
        load_settings(environ={"SITETRACKER_CONFIG": str(tmp_path / "none.toml")})
    with pytest.raises(ConfigError, match="^SITETRACKER_CONFIG: .* is not valid TOML"):
        load_settings(environ={"SITETRACKER_CONFIG": str(broken)})


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = load_settings({"data_dir": tmp_path}, environ={})
    second = load_settings({"data_dir": tmp_path}, environ={})

    key_file = tmp_path / "secret_key"
    assert len(first.secret_key) >= 40
    assert second.secret_key == first.secret_key
    assert key_file.read_text() == first.secret_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_unusable_data_dir_is_reported(tmp_path):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("")

    with pytest.raises(ConfigError, match="^SITETRACKER_DATA_DIR: cannot keep the secret key"):
        load_settings({"data_dir": not_a_dir / "data"}, environ={})
