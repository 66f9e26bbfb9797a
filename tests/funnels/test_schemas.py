"""A funnel definition as the API and the reports page send it, and as it is answered
(funnels/schemas.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from marshmallow import ValidationError

from sitetracker.funnels.models import FunnelDefinition
from sitetracker.funnels.schemas import (
    FunnelDefinitionSchema,
    RenameSchema,
    StepSchema,
    definition_json,
)

from ..conftest import login
from ..reports.test_funnels import write


@pytest.mark.parametrize("body,field", [
    ({"name": "x", "steps": [{"page": "/"}]}, "steps"),
    ({"name": "x", "steps": [{"page": "/"}] * 9}, "steps"),
    ({"name": "", "steps": [{"page": "/"}, {"page": "/a"}]}, "name"),
    ({"name": "x" * 81, "steps": [{"page": "/"}, {"page": "/a"}]}, "name"),
    ({"name": "x", "steps": [{"page": "/" * 201}, {"page": "/a"}]}, "steps"),
    ({"name": "x", "steps": [{"event": "no spaces"}, {"page": "/a"}]}, "steps"),
    ({"name": "x", "steps": [{"page": "/", "event": "a"}, {"page": "/a"}]}, "steps"),
    ({"name": "x", "scope": "week", "steps": [{"page": "/"}, {"page": "/a"}]}, "scope"),
])
def test_a_bad_definition_is_refused_naming_the_field(client, world, make_user, body, field):
    make_user("owner@a.test", "owner", organization=world.org_a)
    login(client, "owner@a.test")
    response = write(client, "post", f"/api/sites/{world.site_a.public_key}/funnels", json=body)
    assert response.status_code == 400
    assert any(name.split(".")[0] == field for name in response.json["error"]["fields"])



def test_a_definition_loads_with_the_session_scope_by_default():
    loaded = FunnelDefinitionSchema().load(
        {"name": "Shirts", "steps": [{"page": "/shirts*"}, {"event": "purchase"}]})
    assert loaded == {"name": "Shirts", "scope": "session",
                      "steps": [{"page": "/shirts*"}, {"event": "purchase"}]}


@pytest.mark.parametrize("step", [{}, {"page": "/", "event": "buy"}])
def test_a_step_is_either_a_page_or_an_event(step):
    with pytest.raises(ValidationError) as caught:
        StepSchema().load(step)
    assert "page" in caught.value.messages


def test_a_rename_changes_the_name_only():
    with pytest.raises(ValidationError) as caught:
        RenameSchema().load({"name": "New", "steps": [{"page": "/"}, {"page": "/a"}]})
    assert "steps" in caught.value.messages
    assert RenameSchema().load({"name": "New"}) == {"name": "New"}


def test_a_definition_is_answered_with_its_steps_and_when_its_counts_start():
    row = FunnelDefinition(id=3, name="Shirts", scope="day", kind="custom",
                           steps='[{"page": "/shirts*"}, {"event": "purchase"}]',
                           created_at=datetime(2026, 3, 4, 9, 0))
    assert definition_json(row) == {
        "id": 3, "name": "Shirts", "scope": "day", "kind": "custom",
        "steps": [{"page": "/shirts*"}, {"event": "purchase"}],
        "counts_since": "2026-03-04T09:00:00Z"}
