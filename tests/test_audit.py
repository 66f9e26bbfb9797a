"""The audit log: admin actions recorded where they happen, read by owners only, never
changed (the log's API and page are tests/api/test_privacy.py's and
tests/web/test_privacy.py's)."""

from __future__ import annotations

import pytest

from sitetracker import audit
from sitetracker.audit import AuditEntry
from sitetracker.db import database
from sitetracker.models import Membership

from .commands import cli_env, invoke  # noqa: F401  (fixtures)
from .conftest import csrf_of
from .reading import token_headers
from .shopping import Shopper


@pytest.fixture
def app_clock(clock):
    return clock


def actions(org_id: int | None = None) -> list[tuple[str, str]]:
    with database.connection_context():
        rows = AuditEntry.select().order_by(AuditEntry.id)
        if org_id is not None:
            rows = rows.where(AuditEntry.organization == org_id)
        return [(row.actor, row.action) for row in rows]


def post(client, url, **data):
    return client.post(url, data={**data, "csrf_token": csrf_of(client)})


def test_admin_actions_through_the_api_are_recorded_with_who_did_them(app, client, world,
                                                                      make_user):
    headers = token_headers(make_user, world)  # admin@x.test
    key = world.site_a.public_key
    rule = client.post(f"/api/sites/{key}/rules", headers=headers,
                       json={"kind": "purchase_above", "threshold": 500}).json
    client.patch(f"/api/sites/{key}/rules/{rule['id']}", headers=headers,
                 json={"threshold": 900})
    client.delete(f"/api/sites/{key}/rules/{rule['id']}", headers=headers)
    client.post(f"/api/sites/{key}/events", headers=headers,
                json={"name": "size_guide", "trigger": "js"})
    client.post(f"/api/sites/{key}/rotate-secret", headers=headers)
    Shopper(app, world.site_a, "shopper-0001").beacon(
        {"n": "payment_error", "p": {"email": "jane@example.test"}})
    client.delete(f"/api/sites/{key}/shoppers?email=jane@example.test", headers=headers)
    client.patch(f"/api/sites/{key}/retention", headers=headers, json={"chats": 30})
    client.post(f"/api/sites/{key}/rotate-key", headers=headers)
    assert actions() == [("admin@x.test", action) for action in (
        "rule_created", "rule_changed", "rule_deleted", "event_defined", "secret_rotated",
        "shopper_erased", "retention_changed", "key_rotated")]
    with database.connection_context():
        erased = AuditEntry.get(AuditEntry.action == "shopper_erased")
    assert erased.site_id == world.site_a.id and '"payment_errors":1' in erased.details
    assert "jane@" not in erased.details  # who was erased is not kept, only how
    with database.connection_context():
        changed = AuditEntry.get(AuditEntry.action == "retention_changed")
    assert changed.details == '{"chats":[180,30]}'


def test_page_actions_are_recorded(app, client, world, login_as, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    login_as("owner@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    post(client, f"/sites/{key}/rotate-secret")
    post(client, "/users", org=world.org_a.slug, email="new@a.test", name="", role="viewer",
         scope="organization")
    with database.connection_context():
        membership = Membership.get(Membership.user == viewer)
    post(client, f"/users/{membership.id}/role", role="admin")
    post(client, f"/users/{membership.id}/delete")
    post(client, f"/sites/{key}/messages/broadcasts", text="Free shipping tonight",
         when="now", duration="900", device="", path="", country="")
    post(client, f"/sites/{key}/retention", payment_errors="30", chats="60", alerts="90",
         raw_events="")
    assert actions(world.org_a.id) == [("owner@a.test", action) for action in (
        "secret_rotated", "role_granted", "role_changed", "role_removed", "broadcast_sent",
        "retention_changed")]


def test_admins_and_viewers_do_not_read_the_log(app, client, world, make_user, login_as):
    assert client.get("/api/audit", headers=token_headers(make_user, world)).status_code == 403
    login_as("a@a.test", "admin", organization=world.org_a)
    assert client.get("/audit").status_code == 403
    assert b'href="/audit"' not in client.get("/").data


def test_entries_are_never_changed_and_actions_are_a_closed_set(app, world):
    row = audit.record("a@a.test", world.site_a, "secret_rotated")
    row.actor = "someone else"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(ValueError):
        audit.record("a@a.test", world.site_a, "made_up")


def test_the_cli_records_roles_it_grants(app, world, invoke):  # noqa: F811
    result = invoke("users", "add", "cli@a.test", "--role", "viewer", "--org",
                    world.org_a.slug, "--password-stdin", input="a long password here\n")
    assert result.exit_code == 0, result.output
    assert actions() == [("cli", "role_granted")]
