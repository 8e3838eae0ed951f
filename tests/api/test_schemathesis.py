"""Property-based run of the whole API against its own OpenAPI schema (schemathesis), as a
coordinator, an actor and a mentor: whatever the input, no 500 and no response that breaks
the schema. Bounded (a few examples per operation) so the suite stays fast.

Each generated request is sent twice: as generated (random ids and slugs: mostly 404s and
400s), and with the path pointing at real objects of the test world, so the 200 answers
are checked against the schema too."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis.openapi
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from mentorlab.accounts import services as account_services

EXAMPLES = 5
# How many operations must have answered with a success at least once: the coordinator's
# programme-wide endpoints, the pair's workspace and conversation for the student and the
# mentor (who have no peer group), so that the run checks real answers, not only 404s.
REACHED = {"coordinator": 12, "actor": 20, "mentor": 20}
CHECKS = [not_a_server_error, response_schema_conformance]


def _real_ids(path: str, world: dict[str, Any]) -> dict[str, Any]:
    ids: dict[str, Any] = {"slug": world["slug"], "role": "actor"}
    for marker, key in (
        ("/events/", "event"),
        ("/mentorships/{id}", "pair"),
        ("/match-runs/", "run"),
        ("/surveys/", "survey"),
        ("/applications/", "actor_application"),
        ("/goals/{id}", "goal"),
        ("/meetings/{id}", "planned"),
        ("/peer-groups/{id}", "group"),
        ("/messages/{id}", "message"),
    ):
        if marker in path:
            ids["id"] = world[key]
    return ids


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the WSGI application itself, which sends Django's request signals:
    their `close_old_connections` would close the connection holding the test's transaction
    (on PostgreSQL; SQLite's in-memory test database ignores it). Django's own test client
    switches them off in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["coordinator", "actor", "mentor"])
def test_no_input_breaks_the_api_or_its_schema(world, persona, request, keep_test_connection):
    user = request.getfixturevalue(persona)
    _token, secret = account_services.api_token_create(user=user, name="schemathesis")
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 38
    answered: dict[str, set[int]] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
            answered.setdefault(case.operation.label, set()).add(response.status_code)
            if case.path_parameters:
                real = _real_ids(case.path, world)
                case.path_parameters = {k: real.get(k, v) for k, v in case.path_parameters.items()}
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)
                answered[case.operation.label].add(response.status_code)

        check()
    # Every operation was called, and the run reached real objects, not only 404s.
    assert len(answered) == len(operations)
    succeeded = {label for label, codes in answered.items() if codes & {200, 201, 202, 204}}
    assert len(succeeded) >= REACHED[persona], sorted(succeeded)
