"""Signing in, throttled: backoff then a lock, per account and per address, with one
message whether or not the account exists; and the second step's code page."""

from __future__ import annotations

import re
from datetime import timedelta

from sitetracker.auth import session as session_module
from sitetracker.auth import totp
from sitetracker.auth.models import TwoFactor
from sitetracker.db import database
from sitetracker.models import utcnow

from ..conftest import PASSWORD, csrf_of, login

LOCKED = "sign-in is locked for 15 minutes"


def message_of(response) -> str:
    found = re.search(r'<p class="form-error" role="alert">([^<]+)</p>', response.data.decode())
    return found.group(1) if found else ""


def later(app, seconds: float) -> None:
    """Move the sign-in throttle's clock forward."""
    throttle = app.extensions["sitetracker.logins"]
    start = throttle.clock()
    throttle.clock = lambda: start + seconds


def test_sixty_wrong_passwords_then_the_right_one_does_not_sign_in(app, client, world,
                                                                   make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    answers = [login(client, "o@a.test", f"guess {n}").status_code for n in range(60)]
    assert set(answers) == {400, 429}
    response = login(client, "o@a.test", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in message_of(response)
    assert response.headers["Retry-After"] == "900"
    assert client.get("/api/me").status_code == 401
    # The operator sees the refusals with the other limits: every 429, the last too.
    refused = client.get("/healthz").get_json()["limits"]["refused"]
    assert refused["logins"] == answers.count(429) + 1


def test_a_lock_reads_the_same_for_an_account_that_does_not_exist(app, world, make_user):
    # The two accounts' waits must not run out between their attempts on a slow machine.
    app.extensions["sitetracker.logins"].clock = lambda: 1_000_000.0
    make_user("o@a.test", "owner", organization=world.org_a)
    real, ghost = app.test_client(), app.test_client()
    ghost.environ_base["REMOTE_ADDR"] = "192.0.2.9"
    for n in range(12):
        real_answer = login(real, "o@a.test", f"guess {n}")
        ghost_answer = login(ghost, "nobody@a.test", f"guess {n}")
        assert real_answer.status_code == ghost_answer.status_code
        assert message_of(real_answer) == message_of(ghost_answer)
    assert LOCKED in message_of(real_answer)


def test_after_a_few_failures_each_attempt_must_wait(app, client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    for n in range(3):
        assert login(client, "o@a.test", f"guess {n}").status_code == 400
    response = login(client, "o@a.test", PASSWORD)
    assert response.status_code == 429
    assert "wait" in message_of(response)
    later(app, 60)
    assert login(client, "o@a.test", PASSWORD).status_code == 302


def test_the_lock_lifts_after_its_time_and_the_right_password_signs_in(app, client, world,
                                                                       make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    for n in range(10):
        login(client, "o@a.test", f"guess {n}")
    assert login(client, "o@a.test", PASSWORD).status_code == 429
    later(app, 15 * 60 + 1)
    assert login(client, "o@a.test", PASSWORD).status_code == 302


def test_a_locked_account_does_not_lock_out_other_people(app, client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    make_user("p@a.test", "admin", organization=world.org_a)
    for n in range(10):
        login(client, "o@a.test", f"guess {n}")
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "192.0.2.20"
    assert login(colleague, "p@a.test").status_code == 302


def test_one_address_guessing_many_accounts_is_locked(app, client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    for n in range(100):
        login(client, f"user{n}@a.test", "guess")
    response = login(client, "o@a.test", PASSWORD)
    assert response.status_code == 429 and LOCKED in message_of(response)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.30"
    assert login(elsewhere, "o@a.test", PASSWORD).status_code == 302


# -- the second step ----------------------------------------------------------------------

def enrol(user) -> str:
    """Two-factor sign-in on for ``user``; returns the secret."""
    secret = totp.new_secret()
    with database.connection_context():
        TwoFactor.create(user=user, secret=secret, enabled_at=utcnow())
    return secret


def code_now(secret: str) -> str:
    return totp.code_at(secret, totp.now_step())


def send_code(client, code):
    return client.post("/login/code", data={"code": code, "csrf_token": csrf_of(client)})


def test_with_two_factor_the_password_alone_signs_nobody_in(app, client, world, make_user):
    enrol(make_user("o@a.test", "owner", organization=world.org_a))
    response = login(client, "o@a.test")
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert client.get("/api/me").status_code == 401
    assert client.get("/account").status_code == 302
    assert b"Enter your code" in client.get("/login/code").data


def test_the_right_code_signs_in_once(app, client, world, make_user):
    secret = enrol(make_user("o@a.test", "owner", organization=world.org_a))
    login(client, "o@a.test")
    code = code_now(secret)
    assert send_code(client, code).status_code == 302
    assert client.get("/api/me").status_code == 200

    again = app.test_client()
    login(again, "o@a.test")
    assert send_code(again, code).status_code == 400, "a code works once"
    assert again.get("/api/me").status_code == 401


def test_a_wrong_code_is_400_and_many_lock_the_step(app, client, world, make_user):
    secret = enrol(make_user("o@a.test", "owner", organization=world.org_a))
    login(client, "o@a.test")
    wrong = str((int(code_now(secret)) + 1) % 10**6).zfill(6)
    response = send_code(client, wrong)
    assert response.status_code == 400 and b'id="code-error"' in response.data
    for _ in range(12):
        send_code(client, "000000")
    response = send_code(client, code_now(secret))
    assert response.status_code == 429 and LOCKED in message_of(response)
    assert client.get("/api/me").status_code == 401


def test_the_code_step_lapses_after_ten_minutes(app, client, world, make_user, monkeypatch):
    secret = enrol(make_user("o@a.test", "owner", organization=world.org_a))
    login(client, "o@a.test")
    real_now = session_module.utcnow
    monkeypatch.setattr(session_module, "utcnow", lambda: real_now() + timedelta(minutes=11))
    response = send_code(client, code_now(secret))
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/api/me").status_code == 401


def test_the_code_page_without_a_password_step_sends_to_login(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_signing_in_with_a_code_keeps_the_next_page(app, client, world, make_user):
    secret = enrol(make_user("o@a.test", "owner", organization=world.org_a))
    client.get("/login")
    client.post("/login", data={"email": "o@a.test", "password": PASSWORD,
                                "next": "/account", "csrf_token": csrf_of(client)})
    response = send_code(client, code_now(secret))
    assert response.headers["Location"] == "/account"

