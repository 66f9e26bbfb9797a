"""The JSON API fuzzed from its own OpenAPI document (schemathesis) against the real app:
no answer is a 5xx, and every answer matches the document (status, content type, body).

Valid and invalid requests are both generated, ``MAX_EXAMPLES`` per operation (set
``SITETRACKER_FUZZ_API_EXAMPLES`` for a longer run), so the whole directory stays within
a few minutes on two cores; the operations are split in
``SHARDS`` tests so that two workers share them. Requests carry an owner's API token,
and most name a real site, so they reach past the 404 of an unknown key.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sitetracker import tenancy
from sitetracker.db import database

from .conftest import TRIED

MAX_EXAMPLES = int(os.environ.get("SITETRACKER_FUZZ_API_EXAMPLES", "25"))
SHARDS = 4
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def owner(world, make_user):
    """An owner's API token and organization A's first site's key."""
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "fuzz")
    return {"Authorization": f"Bearer {token}"}, world.site_a.public_key


def operations(app):
    """Every operation of the document but the never-ending stream."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    found = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.definition.raw.get("x-no-fuzz"):
            found.append(operation)
    return sorted(found, key=lambda op: op.label)


def fuzz(operation, headers, key) -> None:
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                         operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        generated = case.path_parameters.get("key") if case.path_parameters else None
        if isinstance(generated, str) and len(generated) % 4:
            case.path_parameters["key"] = key  # mostly a real site, sometimes the random key
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        TRIED["api_requests"] += 1
        if response.status_code >= 500:
            TRIED["api_5xx"] += 1

    run()


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_api_answer_matches_the_document_and_none_is_a_5xx(app, owner, shard):
    headers, key = owner
    chosen = operations(app)[shard::SHARDS]
    assert chosen
    for operation in chosen:
        fuzz(operation, headers, key)
