"""The WooCommerce plugin in a real WordPress: Debian's ``wordpress`` package on MariaDB
(a database of its own on the test server), served by PHP's built-in server, installed
through ``wp-admin/install.php`` over HTTP. The plugin is activated and set up through
its real settings page (the nonce and the capability are checked), then a storefront
page must carry the widget and an admin page the overlay, with a token the server
accepts.

WooCommerce itself is in none of the package registries the tests may use: a small
stand-in (``platform-adapters/woocommerce/tests/wordpress/mu-plugins``) provides the
WooCommerce class, menu and capability, and orders shaped like ``WC_Order``; the order
hooks are fired with ``do_action`` (``do-action.php``), and what the plugin sends is
posted to the real ``/api/collect``.

Needs ``/usr/share/wordpress``, ``php`` with ``mysqli`` and MariaDB: skipped without
them, except in CI (``CI=true``), where ``.ci/run`` installs them and they must pass.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sitetracker.auth.tokens import verify_admin_token
from sitetracker.commerce.models import PaymentError
from sitetracker.db import database
from sitetracker.models import Site

from .. import servers
from ..paths import FIXTURES, ROOT

PLUGIN = ROOT / "platform-adapters" / "woocommerce" / "sitetracker"
WP_TESTS = ROOT / "platform-adapters" / "woocommerce" / "tests" / "wordpress"
ORDERS = FIXTURES / "woocommerce"
WORDPRESS = Path(os.environ.get("SITETRACKER_WORDPRESS", "/usr/share/wordpress"))
SERVER_URL = "https://track.example.com"
ADMIN_PASSWORD = "correct horse battery staple"


def needed_or_skip() -> str:
    """php, when WordPress, php's mysqli and MariaDB are all here."""
    php = shutil.which("php")
    reason = None
    if not (WORDPRESS / "wp-load.php").is_file():
        reason = f"WordPress is not installed at {WORDPRESS} (Debian: apt-get install wordpress)"
    elif php is None:
        reason = "php is not installed"
    elif "mysqli" not in subprocess.run([php, "-m"], capture_output=True, text=True).stdout:
        reason = "php has no mysqli (Debian: apt-get install php-mysql)"
    else:
        try:
            mariadb().close()
        except Exception as exc:  # noqa: BLE001 (any reason the server is not there)
            reason = f"MariaDB is not reachable on 127.0.0.1:3306 ({exc})"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    assert php is not None
    return php


def mariadb() -> Any:
    import pymysql

    return pymysql.connect(host="127.0.0.1", port=3306, user="root", password="",
                           connect_timeout=5, autocommit=True)


class Browser:
    """An HTTP client with its own cookies, like one person's browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Status, final URL and body (redirects followed, errors answered)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode()

    def login(self, user: str, password: str) -> None:
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, "wordpress_test_cookie", "WP Cookie check", None, False, "127.0.0.1", False,
            False, "/", True, False, None, True, None, None, {}))
        status, url, body = self.request("/wp-login.php", {
            "log": user, "pwd": password, "wp-submit": "Log In", "testcookie": "1",
            "redirect_to": self.base + "/wp-admin/"})
        assert status == 200 and "/wp-admin/" in url, body[-2000:]


def hidden_fields(page: str) -> dict[str, str]:
    """The form's hidden inputs (name → value)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*type=['\"]hidden['\"][^>]*>", page):
        name = re.search(r"name=['\"]([^'\"]+)['\"]", tag)
        value = re.search(r"value=['\"]([^'\"]*)['\"]", tag)
        if name:
            fields[html.unescape(name.group(1))] = html.unescape(value.group(1) if value else "")
    return fields


@dataclass
class WordPress:
    root: Path
    base: str
    php: str
    admin: Browser


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    """WordPress from Debian's package, on its own MariaDB database, installed over
    HTTP, with the SiteTracker plugin activated by its administrator."""
    php = needed_or_skip()
    root = tmp_path_factory.mktemp("wordpress") / "wp"
    shutil.copytree(WORDPRESS, root, symlinks=True)
    content = root / "wp-content"
    for part in ("mu-plugins", "themes"):
        shutil.copytree(WP_TESTS / part, content / part, dirs_exist_ok=True)
    shutil.copytree(PLUGIN, content / "plugins" / "sitetracker")
    name = f"st_wp_{os.getpid()}_{secrets.token_hex(3)}"
    connection = mariadb()
    connection.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    port = servers.free_port()
    base = f"http://127.0.0.1:{port}"
    keys = "\n".join(f"define('{key}', '{secrets.token_hex(32)}');" for key in (
        "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT",
        "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
    (root / "wp-config.php").write_text(f"""<?php
define('DB_NAME', '{name}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
{keys}
$table_prefix = 'wp_';
define('WP_HOME', '{base}');
define('WP_SITEURL', '{base}');
define('WP_DEFAULT_THEME', 'sitetracker-test');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
""")
    log = (root.parent / "php-server.log").open("wb")
    # Its own process group: with workers, php -S forks children that outlive a
    # terminated parent, so the whole group is stopped at the end.
    server = subprocess.Popen([php, "-S", f"127.0.0.1:{port}", "-t", str(root)],
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "PHP_CLI_SERVER_WORKERS": "2"})
    try:
        admin = Browser(base)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = admin.request("/wp-admin/install.php")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200
        status, _, body = admin.request("/wp-admin/install.php?step=2", {
            "weblog_title": "Shop W", "user_name": "admin", "admin_password": ADMIN_PASSWORD,
            "admin_password2": ADMIN_PASSWORD, "pw_weak": "on",
            "admin_email": "admin@shop-w.test", "blog_public": "0", "language": ""})
        assert status == 200 and "Success!" in body, body[-2000:]
        admin.login("admin", ADMIN_PASSWORD)
        _, _, plugins = admin.request("/wp-admin/plugins.php")
        link = re.search(r"href=\"(plugins\.php\?action=activate&amp;plugin=sitetracker"
                         r"%2Fsitetracker\.php[^\"]*)\"", plugins)
        assert link, plugins[-3000:]
        status, _, body = admin.request("/wp-admin/" + html.unescape(link.group(1)))
        assert status == 200 and "Plugin activated" in body, body[-2000:]
        yield WordPress(root, base, php, admin)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
        connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
        connection.close()


def settings_form(browser: Browser) -> tuple[int, str]:
    status, _, page = browser.request("/wp-admin/admin.php?page=sitetracker")
    return status, page


def save_settings(wordpress: WordPress, key: str, secret: str) -> tuple[int, str]:
    status, page = settings_form(wordpress.admin)
    assert status == 200 and 'name="sitetracker_settings[server_url]"' in page
    form = {**hidden_fields(page), "sitetracker_settings[server_url]": SERVER_URL,
            "sitetracker_settings[site_key]": key, "sitetracker_settings[site_secret]": secret}
    status, url, _ = wordpress.admin.request("/wp-admin/options.php", form)
    return status, url


def site_of(world: Any) -> Site:
    with database.connection_context():
        return Site.get_by_id(world.site_a.id)


def test_settings_saved_through_the_real_page_print_the_widget_and_the_overlay(
        wordpress: WordPress, world):
    site = site_of(world)
    status, url = save_settings(wordpress, site.public_key, site.secret)
    assert status == 200 and "settings-updated=true" in url
    _, page = settings_form(wordpress.admin)
    assert f'value="{SERVER_URL}"' in page and f'value="{site.public_key}"' in page
    assert site.secret not in page  # the secret is never shown again

    shopper = Browser(wordpress.base)
    status, _, storefront = shopper.request("/")
    assert status == 200
    assert (f'<script async src="{SERVER_URL}/widget.js" data-site="{site.public_key}">'
            in storefront)
    assert "overlay.js" not in storefront

    _, _, dashboard = wordpress.admin.request("/wp-admin/")
    tag = re.search(r'<script async src="([^"]+)" data-site="([^"]+)" data-token="([^"]+)">',
                    dashboard)
    assert tag, dashboard[-3000:]
    assert tag.group(1) == f"{SERVER_URL}/overlay.js" and tag.group(2) == site.public_key
    claims = verify_admin_token(html.unescape(tag.group(3)), site.secret, site.public_key)
    assert (claims.sub, claims.role) == ("admin", "admin")


def test_settings_need_the_pages_nonce(wordpress: WordPress, world):
    site = site_of(world)
    save_settings(wordpress, site.public_key, site.secret)
    _, page = settings_form(wordpress.admin)
    form = {**hidden_fields(page), "_wpnonce": "0123456789",
            "sitetracker_settings[server_url]": "https://evil.example",
            "sitetracker_settings[site_key]": "evil"}
    status, _, body = wordpress.admin.request("/wp-admin/options.php", form)
    assert status == 403 and "link you followed has expired" in body
    _, page = settings_form(wordpress.admin)
    assert "evil" not in page


def test_a_subscriber_can_neither_see_nor_save_the_settings(wordpress: WordPress, world):
    site = site_of(world)
    save_settings(wordpress, site.public_key, site.secret)
    _, _, new_user = wordpress.admin.request("/wp-admin/user-new.php")
    login = f"sub{secrets.token_hex(3)}"
    form = {**hidden_fields(new_user), "action": "createuser", "user_login": login,
            "email": f"{login}@shop-w.test", "pass1": ADMIN_PASSWORD,
            "pass2": ADMIN_PASSWORD, "pw_weak": "on", "role": "subscriber",
            "createuser": "Add New User"}
    status, _, body = wordpress.admin.request("/wp-admin/user-new.php", form)
    assert status == 200, body[-2000:]
    subscriber = Browser(wordpress.base)
    subscriber.login(login, ADMIN_PASSWORD)
    status, page = settings_form(subscriber)
    assert status == 403 and 'name="sitetracker_settings' not in page
    _, admin_page = settings_form(wordpress.admin)
    form = {**hidden_fields(admin_page), "sitetracker_settings[site_key]": "evil"}
    status, _, _ = subscriber.request("/wp-admin/options.php", form)
    assert status == 403
    _, _, dashboard = subscriber.request("/wp-admin/")
    assert "overlay.js" not in dashboard  # the overlay is for shop managers only


def fire(wordpress: WordPress, order: str, *hooks: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        [wordpress.php, str(WP_TESTS / "do-action.php"), str(wordpress.root),
         str(ORDERS / f"{order}.json"), *hooks],
        capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_woocommerce_order_hooks_send_signed_events_the_server_counts_once(
        wordpress: WordPress, app, client, world):
    site = site_of(world)
    save_settings(wordpress, site.public_key, site.secret)
    sent = fire(wordpress, "order-updated-processing", "woocommerce_payment_complete")
    sent += fire(wordpress, "order-updated-failed", "woocommerce_order_status_failed")
    # The purchase again, as the thank-you page's would (signed anew: a request replayed
    # byte for byte is refused).
    again = fire(wordpress, "order-updated-processing", "woocommerce_payment_complete")
    assert [request["url"] for request in sent + again] == [f"{SERVER_URL}/api/collect"] * 3
    for request in sent:
        response = client.post("/api/collect", data=request["body"],
                               headers=request["headers"])
        assert response.status_code == 202 and response.json["ok"] == 1, response.json
    [request] = again
    response = client.post("/api/collect", data=request["body"], headers=request["headers"])
    assert response.status_code == 202, response.json
    assert response.json == {"ok": 0, "dropped": {"duplicate": 1}}
    tracking = app.extensions["sitetracker"]
    commerce = tracking.snapshot(tracking.sites.by_key(site.public_key))["commerce"]
    assert commerce["sales_today"]["count"] == 1
    assert commerce["sales_today"]["value"] == 79.8
    with database.connection_context():
        errors = list(PaymentError.select().where(PaymentError.site == site.id))
    assert [(e.code, e.amount, e.currency) for e in errors] == [("payment_failed", 79.8, "EUR")]
    purchase = json.loads(sent[0]["body"])
    assert purchase["ev"][0]["i"] == "wc:order:4181:purchase"
    assert purchase["ev"][0]["p"]["order_id"] == "4181"
