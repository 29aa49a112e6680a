"""The OpenAPI schema is valid, and the live API conforms to it (schemathesis)."""

import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from openapi_spec_validator import validate as validate_openapi_document
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from talks.services import api_token_create
from tests.api.conftest import Programme, client_for
from tests.factories import TagFactory, TrackFactory, UserFactory

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


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    """The OpenAPI document as served to clients (and to schemathesis); it needs no database."""
    response = Client().get("/api/schema/", {"format": "json"}, secure=True)
    assert response.status_code == 200
    return response.json()


def test_schema_passes_an_independent_openapi_validator(document):
    # openapi-spec-validator: the OpenAPI 3.0 meta-schema, and every $ref followed.
    validate_openapi_document(document)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _resolves(document: dict[str, Any], ref: str) -> bool:
    """Whether a local reference ("#/a/b", RFC 6901 escapes) names a part of the document."""
    if not ref.startswith("#/"):
        return False
    node: Any = document
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or token not in node:
            return False
        node = node[token]
    return True


def test_every_ref_in_the_schema_resolves(document):
    refs = set(_refs(document))
    assert sorted(ref for ref in refs if not _resolves(document, ref)) == []
    # ?expand=speakers: once referenced by 16 operations but never defined.
    assert "#/components/schemas/Speaker" in refs


def _conforms(document: dict[str, Any], component: str, instance: Any) -> None:
    """Validate a response body against a component, as OpenAPI 3.0 reads it (nullable...)."""
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    OAS30ReadValidator(schema, format_checker=oas30_format_checker).validate(instance)


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_expanded_responses_match_the_documented_shapes(document, programme: Programme, role):
    talk = programme.talk
    talk.track = TrackFactory(conference=programme.conference)
    talk.save()
    talk.tags.add(TagFactory())
    programme.speaker.website = "https://bücher.example/kyle"
    programme.speaker.save()
    client = client_for(programme.users[role])

    talks = client.get("/api/v1/talks/", {"expand": "speakers,track,tags"}).json()
    _conforms(document, "PaginatedTalkList", talks)
    speaker = talks["results"][0]["speakers"][0]
    assert speaker["email"] == ("kyle@example.org" if role == "staff" else None)
    assert speaker["website"] == "https://xn--bcher-kva.example/kyle"
    assert talks["results"][0]["track"]["slug"] == talk.track.slug
    schedule = client.get(
        "/api/v1/conferences/pytn/schedule/", {"expand": "room,talk,speakers"}
    ).json()
    _conforms(document, "ReleasedSchedule", schedule)
    assert schedule["slots"][0]["talk"]["speakers"][0]["slug"] == "kyle-kelley"
    assert schedule["slots"][0]["room"]["name"] == "Main Hall"


# Django's URLValidator lets these through; JSON Schema's "format": "uri" does not.
HOSTILE_URLS = [
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>",
    "https://example.org/a>b",
    "https://example.org/a b",
    "https://example.org/a\\b",
    "https://example.org/{x}",
    "https://example.org/a|b",
    "https://example.org/a^b",
    "https://example.org/a`b",
    "https://example.org/a\x07b",
    "https://example.org/a\x7fb",
    "https://example.org/a\nb",
    "https://example.org/?q=\u202egnp.exe",
    "https://example.org/100%zz",
    "https://example.org/#a#b",
    "https://example.org/[x]",
]
GOOD_URLS = [
    ("https://example.org/", "https://example.org/"),
    ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    ("https://例え.テスト/パス?q=1", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9?q=1"),
    ("https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"),
    (
        "https://example.org/search?q=django+rest&page=2&tags=a,b#results",
        "https://example.org/search?q=django+rest&page=2&tags=a,b#results",
    ),
    ("https://example.org/~kyle/(slides)%20v2", "https://example.org/~kyle/(slides)%20v2"),
    ("http://127.0.0.1:8000/a;b=c", "http://127.0.0.1:8000/a;b=c"),
    ("https://[2001:db8::1]/talk", "https://[2001:db8::1]/talk"),
]


def test_format_uri_is_really_checked():
    # Without rfc3987 (jsonschema[format]) "format" would pass anything, and so would the test.
    assert not jsonschema.FormatChecker().conforms('https://example.org/"', "uri")


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("field", ["website", "mastodon"])
def test_speaker_urls_a_uri_cannot_hold_are_refused(programme: Programme, url, field):
    client = client_for(programme.users["staff"])
    response = client.post("/api/v1/speakers/", {"name": "Mallory", field: url}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    changed = client.patch("/api/v1/speakers/kyle-kelley/", {field: url}, format="json")
    assert changed.status_code == 400
    assert list(changed.json()["errors"]) == [field]


@pytest.mark.parametrize(("url", "uri"), GOOD_URLS)
def test_speaker_urls_are_accepted_and_answered_as_uris(document, programme, url, uri):
    client = client_for(programme.users["staff"])
    response = client.post(
        "/api/v1/speakers/", {"name": "Ada", "website": url, "mastodon": url}, format="json"
    )
    assert response.status_code == 201, response.json()
    speaker = document["components"]["schemas"]["SpeakerWithTalks"]["properties"]
    for field in ("website", "mastodon"):
        assert speaker[field]["format"] == "uri"
        assert response.json()[field] == uri
        jsonschema.validate(
            response.json()[field],
            {"type": "string", "format": speaker[field]["format"]},
            format_checker=jsonschema.FormatChecker(),
        )


def test_docs_are_a_server_rendered_reference_of_the_schema(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Every operation and schema, readable without JavaScript, with stable anchors.
    method = '<span class="http-method method-get">GET</span>'
    assert f'<h3 id="op-conferences_list">{method} <code>/api/v1/conferences/</code></h3>' in html
    assert "<code>page_size</code>" in html
    assert 'href="#schema-PaginatedConferenceList"' in html
    assert '<h3 id="schema-Conference">Conference</h3>' in html
    assert 'href="/api/docs/swagger/"' in html
    assert "<script" not in html.split("</head>")[1]


def test_reference_describes_types_in_words():
    from talks.api.reference import type_name

    assert type_name({"$ref": "#/components/schemas/Talk"}) == "Talk"
    assert type_name({"type": "array", "items": {"$ref": "#/c/s/Tag"}}) == "array of Tag"
    assert type_name({"type": "string", "enum": ["past", "", None]}) == "one of past"
    assert type_name({"type": "string", "format": "date"}) == "string (date)"
    assert type_name({"oneOf": [{"type": "integer"}, {"type": "string"}]}) == "integer or string"


def test_swagger_ui_and_schema_are_served_with_local_assets(client):
    docs = client.get("/api/docs/swagger/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "/static/css/swagger-overrides.css" in html
    assert "cdn" not in html.lower()
    # Under CSP script-src 'self': every script is a file of ours, none inline.
    assert html.count("<script") == html.count('<script src="/') == 4
    assert "<style" not in html
    script_url = html.split('<script src="')[3].split('"')[0]  # drf-spectacular's init
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
