"""No request gets a 500 (issue 21, point 2): schemathesis generates requests for every
operation of the OpenAPI schema, valid and malformed, and sends them through the whole
Django stack in this process, as an administrator and as a role with few rights. Any
server error fails. The examples per operation are bounded to fit the suite's time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from homeward.apps.accounts.tokens import issue_token
from tests.conftest import second_factor_of

pytestmark = pytest.mark.django_db

# Generated requests only (the fuzzing phase, bounded below), valid and malformed alike;
# the schema's examples and the coverage phase's boundary cases would send hundreds per
# operation.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}},
        "generation": {"mode": "all"},
    }
)
schema = schemathesis.openapi.from_dict(
    SchemaGenerator().get_schema(request=None, public=True), config=CONFIG
)
schema.app = get_wsgi_application()

# The roles the requests come from: every right, and reading only the registry.
ROLES = ("administrator", "family_liaison")


@pytest.fixture(autouse=True)
def keep_the_tests_connection() -> Iterator[None]:
    """The requests go through Django's own WSGI handler, which closes the database
    connection after each (on PostgreSQL, the test's transaction with it). Django's test
    client keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(make_user: Callable[..., User]) -> dict[str, str]:
    found = {}
    for role in ROLES:
        user = make_user(role)
        second_factor_of(user)
        _token, secret = issue_token(actor=None, user=user, name="schemathesis", scope="write")
        found[role] = secret
    return found


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same requests each run: a failure is reproducible
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_with_a_server_error(case: Any, tokens: dict[str, str]) -> None:
    for role in ROLES:
        case.call_and_validate(
            headers={"Authorization": f"Token {tokens[role]}"}, checks=[not_a_server_error]
        )
