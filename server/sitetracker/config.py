"""Settings read from the environment, an optional TOML file, and explicit overrides.

Every setting has one environment variable, ``SITETRACKER_<NAME>``; the file named by
``SITETRACKER_CONFIG`` may hold the same names in lower case. Explicit overrides
(``create_app({...})`` and CLI options) win over the environment, which wins over the
file. Anything invalid raises :class:`ConfigError` naming the setting, so start-up stops
with a message a person can act on.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ENV_PREFIX = "SITETRACKER_"
ASYNC_MODES = ("eventlet", "gevent", "threading")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """A setting is missing or invalid; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Validated settings. Build with :func:`load_settings`."""

    data_dir: Path = Path("data")
    database_url: str = ""
    secret_key: str = ""
    redis_url: str = ""
    redis_prefix: str = "st"
    trusted_proxies: int = 0
    geoip_db: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str = ""
    async_mode: str = "eventlet"
    max_connections: int = 10000
    log_level: str = "INFO"
    flush_interval: float = 2.0
    # Seconds open connections get to finish after SIGTERM or SIGINT (serve.py).
    shutdown_grace: float = 10.0
    live_window: int = 30
    raw_event_retention_days: int = 0
    # Sign-in throttling (see auth/throttle.py): failures before each attempt must wait,
    # and before sign-in is locked, per account and per address; how long a lock lasts.
    login_backoff_after: int = 3
    login_lock_after: int = 10
    login_address_backoff_after: int = 20
    login_address_lock_after: int = 100
    login_lock_minutes: int = 15
    # Per client address and worker (0: no limit); see sitetracker.limits.
    shopper_sockets_per_ip: int = 100
    collect_per_ip_per_minute: int = 1200
    # Outgoing mail (sitetracker.notify.channels.mail): alerts, digests, reports. No
    # host, no mail. Security: "starttls" (port 587), "tls" (465) or "none".
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    # Notifications (sitetracker.notify): sales gathered into one mail per this many
    # minutes; a delivery given up after this many attempts.
    notify_digest_minutes: int = 15
    notify_max_attempts: int = 6
    # Events one shopper's socket may send a second (bursts up to six seconds' worth).
    shopper_events_per_second: float = 10.0
    testing: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _to_int(lo: int, hi: int) -> Callable[[str, Any], int]:
    def convert(name: str, value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: must be a whole number, got {value!r}") from None
        if not lo <= number <= hi:
            raise ConfigError(f"{name}: must be from {lo} to {hi}, got {number}")
        return number

    return convert


def _to_float(lo: float, hi: float) -> Callable[[str, Any], float]:
    def convert(name: str, value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{name}: must be a number, got {value!r}") from None
        if not lo <= number <= hi:
            raise ConfigError(f"{name}: must be from {lo} to {hi}, got {number}")
        return number

    return convert


def _to_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name}: must be true or false, got {value!r}")


def _to_str(name: str, value: Any) -> str:
    return str(value).strip()


def _choice(options: tuple[str, ...], upper: bool = False) -> Callable[[str, Any], str]:
    def convert(name: str, value: Any) -> str:
        text = str(value).strip()
        text = text.upper() if upper else text.lower()
        if text not in options:
            raise ConfigError(f"{name}: must be one of {', '.join(options)}, got {value!r}")
        return text

    return convert


def _database_url(name: str, value: Any) -> str:
    url = str(value).strip()
    scheme = urlparse(url).scheme
    if scheme not in ("sqlite", "mysql", "mysql+pool"):
        raise ConfigError(
            f"{name}: must start with sqlite:/// or mysql://user:password@host/database, "
            f"got {url!r}"
        )
    if scheme.startswith("mysql") and not urlparse(url).path.strip("/"):
        raise ConfigError(f"{name}: a MySQL/MariaDB URL must name the database, got {url!r}")
    return url


def _redis_url(name: str, value: Any) -> str:
    url = str(value).strip()
    if url and urlparse(url).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(f"{name}: must be a redis:// or rediss:// URL, got {url!r}")
    return url


def _redis_prefix(name: str, value: Any) -> str:
    text = str(value).strip()
    if not text or len(text) > 32 or not all(c.isalnum() or c in "-_" for c in text):
        raise ConfigError(f"{name}: 1 to 32 letters, digits, - or _, got {value!r}")
    return text


def _base_url(name: str, value: Any) -> str:
    url = str(value).strip().rstrip("/")
    parsed = urlparse(url)
    if url and (parsed.scheme not in ("http", "https") or not parsed.netloc):
        raise ConfigError(f"{name}: must be an http:// or https:// URL, got {value!r}")
    return url


CONVERTERS: dict[str, Callable[[str, Any], Any]] = {
    "data_dir": lambda name, value: Path(str(value)).expanduser(),
    "database_url": _database_url,
    "secret_key": _to_str,
    "redis_url": _redis_url,
    "redis_prefix": _redis_prefix,
    "trusted_proxies": _to_int(0, 10),
    "geoip_db": _to_str,
    "host": _to_str,
    "port": _to_int(1, 65535),
    "base_url": _base_url,
    "async_mode": _choice(ASYNC_MODES),
    "max_connections": _to_int(16, 1_000_000),
    "log_level": _choice(LOG_LEVELS, upper=True),
    "flush_interval": _to_float(0.05, 5.0),
    "shutdown_grace": _to_float(0.0, 3600.0),
    "live_window": _to_int(5, 600),
    "raw_event_retention_days": _to_int(0, 3650),
    "login_backoff_after": _to_int(1, 1000),
    "login_lock_after": _to_int(1, 10000),
    "login_address_backoff_after": _to_int(1, 100000),
    "login_address_lock_after": _to_int(1, 1000000),
    "login_lock_minutes": _to_int(1, 1440),
    "shopper_sockets_per_ip": _to_int(0, 1_000_000),
    "collect_per_ip_per_minute": _to_int(0, 10_000_000),
    "smtp_host": _to_str,
    "smtp_port": _to_int(1, 65535),
    "smtp_security": _choice(("starttls", "tls", "none")),
    "smtp_username": _to_str,
    "smtp_password": _to_str,
    "smtp_from": _to_str,
    "notify_digest_minutes": _to_int(1, 1440),
    "notify_max_attempts": _to_int(1, 20),
    "shopper_events_per_second": _to_float(1.0, 1_000_000.0),
    "testing": _to_bool,
}


def _read_file(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{ENV_PREFIX}CONFIG: no such file {path!r}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{ENV_PREFIX}CONFIG: {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(CONVERTERS))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r}")
    return data


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Merge file, environment and overrides; validate; fill derived defaults."""
    environ = os.environ if environ is None else environ
    raw: dict[str, tuple[str, Any]] = {}
    config_file = (overrides or {}).get("config_file") or environ.get(f"{ENV_PREFIX}CONFIG")
    if config_file:
        for key, value in _read_file(str(config_file)).items():
            raw[key] = (f"{config_file}: {key}", value)
    for key in CONVERTERS:
        env_name = ENV_PREFIX + key.upper()
        if env_name in environ:
            raw[key] = (env_name, environ[env_name])
    extra: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        key = key.lower()
        if key == "config_file":
            continue
        if key in CONVERTERS:
            raw[key] = (key, value)
        else:
            extra[key] = value

    values: dict[str, Any] = {}
    for key, (label, value) in raw.items():
        values[key] = CONVERTERS[key](label, value)

    settings = Settings(**values, extra=extra)
    return _fill_defaults(settings)


def _fill_defaults(settings: Settings) -> Settings:
    updates: dict[str, Any] = {}
    data_dir = settings.data_dir
    if not settings.database_url:
        updates["database_url"] = f"sqlite:///{(data_dir / 'sitetracker.db').resolve()}"
    if not settings.secret_key:
        updates["secret_key"] = _persistent_secret(data_dir)
    if not settings.base_url:
        host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
        updates["base_url"] = f"http://{host}:{settings.port}"
    if settings.geoip_db and not Path(settings.geoip_db).is_file():
        raise ConfigError(f"{ENV_PREFIX}GEOIP_DB: no such file {settings.geoip_db!r}")
    if not updates:
        return settings
    current = {f.name: getattr(settings, f.name) for f in fields(settings)}
    current.update(updates)
    return Settings(**current)


def _persistent_secret(data_dir: Path) -> str:
    """Read the secret key kept in the data directory, creating it on first run."""
    path = data_dir / "secret_key"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if path.exists():
            return path.read_text().strip()
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
    except OSError as exc:
        raise ConfigError(
            f"{ENV_PREFIX}DATA_DIR: cannot keep the secret key in {data_dir}: {exc.strerror}"
        ) from None
