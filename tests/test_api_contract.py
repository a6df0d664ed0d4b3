"""Schema = behaviour: schemathesis generates requests (valid and invalid) for every operation
of the OpenAPI schema, sends them to the application in-process (WSGI, no network) and checks
each answer against the schema: no server error, only documented status codes, content types,
headers and bodies. Deterministic (derandomized), so a failure reproduces."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks as openapi_checks

from tests.factories import ContradictionFactory, StoryArticleFactory, StoryFactory, VerdictFactory
from tests.test_api import PUBLISHED


@pytest.fixture
def in_process_requests():
    """Requests served in-process share the test's transaction: as in Django's test client,
    the end of a request must not close the database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def load_schema() -> schemathesis.schemas.BaseSchema:
    """The schema /api/schema/ serves, bound to the WSGI application (requests in-process)."""
    # Django's own WSGI handler: config.wsgi refuses to serve with the development key.
    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator

    application = get_wsgi_application()
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = application
    return loaded


@pytest.fixture
def api_rows(db, in_process_requests, settings):
    settings.CLAIMTRACKER_API_RATES = {"token": "100000/minute", "anon": "100000/minute"}
    settings.CLAIMTRACKER_SYNC_LAG_SECONDS = 0
    for _ in range(2):  # rows for the detail and filter operations to find
        story = StoryFactory()
        contradiction = ContradictionFactory(story=story)
        StoryArticleFactory(story=story, article=contradiction.claim_a.version.article)
        VerdictFactory(claim=contradiction.claim_a, published_at=PUBLISHED)
        VerdictFactory(claim=contradiction.claim_b, published_at=None)


@pytest.fixture
def editor_token(db, django_user_model) -> str:
    from rest_framework.authtoken.models import Token

    editor = django_user_model.objects.create_superuser("contract-editor", "e@example.org", "pw")
    return Token.objects.create(user=editor).key


schema = load_schema()

# Refusals that no schema can describe: an opaque cursor that no page handed out, a text that
# the ingest finds empty once its front matter and markup are gone, a url whose address is
# private (feeds, submit-by-url). Everything else that the schema allows must be accepted.
OPAQUE_REFUSALS = {"invalid_cursor", "rejected_text", "rejected_url"}


def positive_data_acceptance(ctx, response, case):
    if response.status_code == 400 and response.json().get("code") in OPAQUE_REFUSALS:
        return None
    return openapi_checks.positive_data_acceptance(ctx, response, case)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_as_its_schema_says(case, api_rows, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        excluded_checks=[openapi_checks.positive_data_acceptance],
        additional_checks=[positive_data_acceptance],
    )
