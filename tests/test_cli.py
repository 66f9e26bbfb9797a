from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from peewee import Model

from sitetracker import db, serve, tenancy
from sitetracker.auth.passwords import hash_password, verify_password
from sitetracker.cli import cli
from sitetracker.cli.base import CliState
from sitetracker.cli.demo import ensure_demo
from sitetracker.config import load_settings
from sitetracker.models import Membership, Organization, Site, User
from sitetracker.watch.models import WatchSetting

from . import servers

Invoke = Callable[..., Result]


@pytest.fixture
def cli_env(app_config: dict[str, Any]) -> dict[str, str | None]:
    """The test's database and data dir; every other SITETRACKER_ setting unset."""
    env: dict[str, str | None] = {
        name: None for name in os.environ
        if name.startswith("SITETRACKER_") and not name.startswith("SITETRACKER_TEST_")
    }
    env.update(
        SITETRACKER_DATABASE_URL=app_config["database_url"],
        SITETRACKER_DATA_DIR=app_config["data_dir"],
        SITETRACKER_BASE_URL="http://localhost",
    )
    return env


@pytest.fixture
def invoke(cli_env: dict[str, str | None]) -> Invoke:
    def run(*args: str, input: str | None = None, obj: Any = None, **env: str) -> Result:
        return CliRunner().invoke(
            cli, list(args), input=input, obj=obj, env={**cli_env, **env},
            catch_exceptions=False,
        )

    return run


@pytest.fixture
def stored(app_config: dict[str, Any]) -> Callable[[type[Model]], list[Any]]:
    """Rows of a model in the test's database; none when its table does not exist yet."""

    def rows(model: type[Model]) -> list[Any]:
        db.connect(app_config["database_url"])
        with db.database.connection_context():
            if not db.database.table_exists(model._meta.table_name):
                return []
            return list(model.select())

    return rows


def add_site(invoke: Invoke, name: str = "Shop", *args: str) -> Site:
    result = invoke("sites", "add", name, "--domain", f"{name.lower()}.example.com", *args)
    assert result.exit_code == 0, result.output
    with db.database.connection_context():
        return Site.get(Site.name == name)


# -- sites ---------------------------------------------------------------------------


def test_sites_add_prints_key_secret_and_snippet_and_stores_the_site(invoke, stored):
    result = invoke("sites", "add", "Corner Shop", "--domain", "https://Shop.Example.com/",
                    "--domain", "www.shop.example.com", "--timezone", "Europe/Paris")

    assert result.exit_code == 0, result.output
    [site] = stored(Site)
    assert site.domain_list == ["shop.example.com", "www.shop.example.com"]
    assert site.timezone == "Europe/Paris"
    assert site.public_key in result.output
    assert site.secret in result.output
    assert tenancy.widget_snippet(site, "http://localhost") in result.output
    [org] = stored(Organization)
    assert org.name == "Corner Shop"
    assert "Created organization 'Corner Shop'" in result.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--domain", "not a domain!"], "'--domain'"),
        (["--domain", "shop.example.com", "--timezone", "Mars/Olympus_Mons"], "'--timezone'"),
        (["--domain", "shop.example.com", "--org", "x" * 65], "'--org'"),
    ],
)
def test_sites_add_with_bad_input_names_the_option_and_stores_nothing(
    invoke, stored, args, option
):
    result = invoke("sites", "add", "Shop", *args)

    assert result.exit_code == 2
    assert f"Invalid value for {option}" in result.output
    assert stored(Site) == []
    assert stored(Organization) == []


def test_sites_add_refuses_a_name_the_organization_has_in_one_line(invoke, stored):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("sites", "add", "Shop", "--domain", "other.example.com", "--org", "agency")

    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Invalid value for 'NAME': the organization already has a "
                           "site named 'Shop' (see: ")
    assert line.endswith(" sites add --help)")
    assert [site.name for site in stored(Site)] == ["Shop"]
    add_site(invoke, "Shop", "--org", "Other")  # another organization may use it
    assert len(stored(Site)) == 2


def test_a_missing_argument_is_one_line(invoke):
    result = invoke("sites", "add", "Shop")

    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Missing option '--domain'. (see: ")


def test_sites_add_uses_the_only_organization(invoke, stored):
    first = add_site(invoke, "One", "--org", "Agency")
    second = add_site(invoke, "Two")

    assert second.organization_id == first.organization_id
    assert [org.name for org in stored(Organization)] == ["Agency"]


def test_sites_add_with_several_organizations_asks_for_org(invoke, stored):
    add_site(invoke, "One", "--org", "Agency")
    add_site(invoke, "Two", "--org", "Other")

    result = invoke("sites", "add", "Three", "--domain", "three.example.com")

    assert result.exit_code == 2
    assert "choose one with --org" in result.output
    assert len(stored(Site)) == 2


def test_sites_add_creates_a_new_org_named_by_org(invoke, stored):
    add_site(invoke, "One", "--org", "Agency")

    result = invoke("sites", "add", "Two", "--domain", "two.example.com", "--org", "agency")
    created = invoke("sites", "add", "Three", "--domain", "three.test", "--org", "New Co")

    assert "Created organization" not in result.output
    assert "Created organization 'New Co' (slug new-co)" in created.output
    assert sorted(org.slug for org in stored(Organization)) == ["agency", "new-co"]


def test_sites_list_shows_key_name_organization_and_domains(invoke):
    site = add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("sites", "list")

    assert result.exit_code == 0
    line = result.output.splitlines()[1].split()
    assert line == [site.public_key, "Shop", "agency", "shop.example.com"]


# -- users ---------------------------------------------------------------------------


def test_users_add_to_an_organization_prints_the_generated_password(invoke, stored):
    site = add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "Ann@Example.com", "--role", "owner", "--org", "agency",
                    "--name", "Ann")

    assert result.exit_code == 0, result.output
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (user.email, user.name) == ("ann@example.com", "Ann")
    assert (membership.organization_id, membership.role) == (site.organization_id, "owner")
    password = result.output.split("Password (shown once): ")[1].strip()
    assert verify_password(user.password_hash, password)


def test_users_add_to_a_site_reads_the_password_from_stdin(invoke, stored):
    site = add_site(invoke, "Shop")

    result = invoke("users", "add", "bob@example.com", "--role", "viewer", "--site",
                    site.public_key, "--password-stdin", input="a long password\n")

    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (membership.site_id, membership.role) == (site.id, "viewer")
    assert verify_password(user.password_hash, "a long password")


@pytest.mark.parametrize(
    "scope", [[], ["--org", "agency", "--site", "Shop"]], ids=["neither", "both"]
)
def test_users_add_needs_exactly_one_of_org_and_site(invoke, stored, scope):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "ann@example.com", "--role", "admin", *scope)

    assert result.exit_code == 2
    assert "exactly one of --org ORG or --site SITE" in result.output
    assert stored(User) == []


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["ann@example.com", "--role", "boss", "--org", "agency"], "'--role'"),
        (["not-an-email", "--role", "admin", "--org", "agency"], "'EMAIL'"),
        (["ann@example.com", "--role", "admin", "--org", "nobody"], "'--org'"),
        (["ann@example.com", "--role", "admin", "--site", "nothing"], "'--site'"),
    ],
)
def test_users_add_with_bad_input_names_the_argument_and_stores_nothing(
    invoke, stored, args, option
):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", *args)

    assert result.exit_code == 2
    assert f"Invalid value for {option}" in result.output
    assert stored(User) == []


def test_users_add_rejects_a_short_password_from_stdin(invoke, stored):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "ann@example.com", "--role", "admin", "--org", "agency",
                    "--password-stdin", input="short\n")

    assert result.exit_code == 2
    assert "Invalid value for '--password-stdin'" in result.output
    assert stored(User) == []


# -- db, configuration -------------------------------------------------------------


def test_db_upgrade_applies_migrations_then_says_up_to_date(invoke, database_url):
    from .conftest import drop_all_tables

    drop_all_tables()  # an empty database (MySQL runs reuse one per worker)
    first = invoke("db", "upgrade")
    second = invoke("db", "upgrade")

    assert first.exit_code == 0, first.output
    assert "applied 0001 initial" in first.output
    assert second.exit_code == 0
    assert "up to date" in second.output
    assert "applied" not in second.output


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


def test_settings_cannot_change_the_patched_async_mode(invoke, tmp_path):
    config = tmp_path / "sitetracker.toml"
    config.write_text('async_mode = "threading"\n')

    result = invoke("--config", str(config), "serve", obj=CliState(patched_mode="eventlet"))

    assert result.exit_code == 2
    assert "SITETRACKER_ASYNC_MODE=threading" in result.output


# -- demo ----------------------------------------------------------------------------


@pytest.fixture
def demo_settings(app_config: dict[str, Any]) -> Any:
    return load_settings(
        {key: app_config[key] for key in ("data_dir", "database_url", "base_url")}, environ={}
    )


def test_ensure_demo_is_idempotent_and_keeps_its_password(demo_settings, stored):
    first = ensure_demo(demo_settings)
    second = ensure_demo(demo_settings)

    assert second == first
    assert first.url == "http://localhost/"
    assert first.email == "demo@sitetracker.test"
    [org] = stored(Organization)
    [site] = stored(Site)
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (org.name, site.name, site.public_key) == ("Demo Store Group", "Demo Shop",
                                                       first.site_key)
    assert site.domain_list == ["localhost", "127.0.0.1", "demo.sitetracker.test"]
    assert (membership.organization_id, membership.role) == (org.id, "owner")
    assert verify_password(user.password_hash, first.password)
    [watch] = stored(WatchSetting)  # the demo shows the live view and lead-ups
    assert (watch.site_id, watch.live, watch.lead) == (site.id, True, True)


def test_ensure_demo_restores_a_changed_password(demo_settings, stored):
    login = ensure_demo(demo_settings)
    with db.database.connection_context():
        User.update(password_hash=hash_password("changed in the web")).execute()

    assert ensure_demo(demo_settings).password == login.password
    [user] = stored(User)
    assert verify_password(user.password_hash, login.password)


# -- serving -------------------------------------------------------------------------


def test_listening_line_names_the_database_and_hides_the_redis_password(tmp_path):
    settings = load_settings({"data_dir": tmp_path, "database_url": "mysql://u:p@db/st",
                              "redis_url": "redis://:hunter2@cache:6379/0"}, environ={})

    line = serve.listening_line(settings, "::", 8001)

    assert line == ("SiteTracker listening on http://[::]:8001 (database: mysql, "
                    "workers' message queue: redis://:***@cache:6379/0)")


def test_shutdown_callbacks_run_once_in_order_despite_a_failure(app, caplog):
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("flush failed")

    serve.shutdown_callbacks(app).extend([broken, lambda: calls.append("second")])
    serve.run_shutdown_callbacks(app)
    serve.run_shutdown_callbacks(app)

    assert calls == ["broken", "second"]
    assert "flush failed" in caplog.text


def test_open_file_limit_is_raised_to_the_hard_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, 256), hard))

        assert serve.raise_open_file_limit(16) == hard
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_serve_reports_a_port_in_use(invoke):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = invoke("serve", "--port", str(port), SITETRACKER_ASYNC_MODE="threading")

    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sitetracker_command(how: str) -> list[str]:
    if how == "-m":
        return [sys.executable, "-m", "sitetracker"]
    script = Path(sys.executable).with_name("sitetracker")
    if not script.exists():
        pytest.skip("the sitetracker console script is not installed beside this Python")
    return [str(script)]


@pytest.mark.parametrize("how", ["console script", "-m"])
def test_serve_answers_healthz_and_stops_on_sigterm(tmp_path, database_url, how):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITETRACKER_")}
    env.update(
        SITETRACKER_DATA_DIR=str(tmp_path / "data"),
        SITETRACKER_DATABASE_URL=database_url,
        SITETRACKER_LOG_LEVEL="INFO",
    )
    log_path = tmp_path / "serve.log"
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [*sitetracker_command(how), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    statuses: list[int] = []

    def answered() -> bool:
        try:
            with no_proxy.open(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                statuses.append(answer.status)
                return True
        except OSError:
            return False

    try:
        try:
            servers.wait_ready(server, answered, log_path)
        except RuntimeError as exc:
            pytest.fail(f"{exc}\n{log_path.read_text()}")
        assert statuses == [200], log_path.read_text()

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0, log_path.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()

    output = log_path.read_text()
    assert f"SiteTracker listening on http://127.0.0.1:{port} (database: " in output
    assert "SiteTracker stopped" in output
    assert "Eventlet is deprecated" not in output
    assert "Traceback" not in output


def test_users_password_resets_a_forgotten_password(invoke, app_config):
    from sitetracker.auth.passwords import verify_password
    from sitetracker.models import User

    assert invoke("sites", "add", "Shop", "--domain", "shop.test").exit_code == 0
    assert invoke("users", "add", "ann@shop.test", "--role", "admin", "--org", "shop"
                  ).exit_code == 0
    result = invoke("users", "password", "ann@shop.test", "--password-stdin",
                    input="a brand new secret\n")
    assert result.exit_code == 0, result.output
    db.connect(app_config["database_url"])
    with db.database.connection_context():
        user = User.get(User.email == "ann@shop.test")
        assert verify_password(user.password_hash, "a brand new secret")
    unknown = invoke("users", "password", "nobody@shop.test")
    assert unknown.exit_code == 2 and "no account" in unknown.output
    short = invoke("users", "password", "ann@shop.test", "--password-stdin", input="short\n")
    assert short.exit_code == 2 and "--password-stdin" in short.output
