"""The OpenAPI schema is valid, and the live API conforms to it (schemathesis)."""

import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from talks.services import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Examples per operation: enough to hit every parameter in `make test`; `make fuzz`
# (run by CI) raises it through HALLWAY_FUZZ_EXAMPLES for a few thousand requests.
EXAMPLES_PER_OPERATION = int(os.environ.get("HALLWAY_FUZZ_EXAMPLES", "4"))
# What the API promises: no server errors, and every response as documented (status,
# content type, headers, body). Input checks (which inputs must be refused) are left out:
# query parameters such as an empty ?updated_since= are ignored on purpose.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_schema_validates_without_warnings(tmp_path):
    """`spectacular --validate --fail-on-warn`: fails on any warning or invalid schema."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/conferences/{conference_slug}/schedule/" in (tmp_path / "s.yml").read_text()


def test_docs_and_schema_are_served_with_local_assets(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # Under CSP script-src 'self': every script is a file of ours, none inline.
    assert html.count("<script") == html.count('<script src="/') == 3
    assert "<style" not in html
    script_url = html.split('<script src="')[-1].split('"')[0]
    script = client.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert client.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200


@cache
def _application() -> Any:
    return get_wsgi_application()


def https_application(environ: dict[str, Any], start_response: Any) -> Any:
    """The project's WSGI app, spoken to over "HTTPS" (deploy settings redirect plain HTTP)."""
    environ["wsgi.url_scheme"] = "https"
    # The WSGI test transport does not decompress; real clients do.
    environ.pop("HTTP_ACCEPT_ENCODING", None)
    return _application()(environ, start_response)


# Loaded at collection from the live app; it touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", https_application)


@pytest.fixture
def demo(programme) -> Iterator[None]:
    """A published conference with a released schedule (see conftest), for real responses.

    Requests go straight to the WSGI handler, which closes "old" database connections at
    the start and end of each request; inside the test's transaction that would drop it
    (on PostgreSQL). Django's test client unhooks the same signal for the same reason.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
def test_api_conforms_to_its_schema_anonymously(case, demo):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def staff_token(db) -> str:
    _, key = api_token_create(
        user=UserFactory(username="staff-bot", is_staff=True, is_superuser=True), name="t"
    )
    return key


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
def test_api_conforms_to_its_schema_as_staff(case, demo, staff_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {staff_token}"}, checks=CHECKS)
