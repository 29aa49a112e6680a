"""Hostile input in every text field, rendered on every page that shows it: nothing executes.

The pages are every GET URL of the permission matrix that the role gets with 200: public
pages as an anonymous visitor, the admin as staff. A page added on another branch is checked
as soon as it has a row in tests/security/expected.py.
"""

import pytest

from tests.hostile import (
    AWKWARD_TEXT,
    HOSTILE_URLS,
    MARK,
    XSS_PAYLOADS,
    fill_every_field,
    fit,
    payloads_packed,
)
from tests.security.expected import expectations
from tests.security.html_safety import dangerous_url, executable_markup
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, STAFF, World, build_world

pytestmark = pytest.mark.django_db


def rendered_pages(world: World, roles=(ANONYMOUS,)):
    """(role, url, response) for every GET URL the role may open."""
    table = expectations()
    for role in roles:
        client = world.client(role, raise_request_exception=False)
        for route in all_routes():
            expect = table.get(route.key)
            if expect is None or 200 not in expect.methods.get("GET", {}).get(role, ()):
                continue
            url = url_for(route, expect, world)
            yield role, url, client.get(url)


def _page_problems(world: World, roles) -> tuple[list[str], int]:
    problems, pages = [], 0
    for role, url, response in rendered_pages(world, roles):
        if response.status_code >= 500:
            problems.append(f"{url} as {role}: {response.status_code}")
            continue
        if "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        pages += 1
        problems += [f"{url} as {role}: {p}" for p in executable_markup(response.text)]
    return problems, pages


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_field_never_executes_on_public_pages(payload):
    world = build_world()
    fill_every_field(payload, HOSTILE_URLS[XSS_PAYLOADS.index(payload) % len(HOSTILE_URLS)])
    problems, pages = _page_problems(world, roles=(ANONYMOUS,))
    assert pages >= 5
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("round_", range(2))
def test_payloads_never_execute_in_the_admin(round_):
    # The admin has many pages: each round gives every field a different payload, and
    # every payload lands in some field; long text fields get the whole corpus at once.
    world = build_world()
    fill_every_field(payloads_packed(round_), HOSTILE_URLS[round_ % len(HOSTILE_URLS)])
    problems, pages = _page_problems(world, roles=(ANONYMOUS, STAFF))
    assert pages > 40  # public pages and the admin's lists, forms and change pages
    assert not problems, "\n".join(problems)


def test_awkward_text_is_shown_exactly():
    world = build_world()
    text = " | ".join(AWKWARD_TEXT[:3])
    fill_every_field(text, "https://example.org/ünïcode")
    for _role, url, response in rendered_pages(world, roles=(ANONYMOUS,)):
        assert response.status_code == 200, url
    body = world.client(ANONYMOUS).get(world.talk.get_absolute_url()).text
    assert fit(world.talk._meta.get_field("title"), text) in body


def test_every_free_text_field_is_in_the_hostile_corpus():
    # A text field added on any branch must be filled with payloads too (or be declared
    # not free text), so the pages that show it are checked.
    from django.apps import apps
    from django.db import models

    from tests.hostile import NOT_FREE_TEXT, TEXT_FIELDS, URL_FIELDS

    missing = []
    for app in ("conference", "talks"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            for field in model._meta.get_fields():
                if not isinstance(field, models.CharField | models.TextField):
                    continue
                if isinstance(field, models.SlugField | models.EmailField) or field.choices:
                    continue
                listed = TEXT_FIELDS.get(label, []) + URL_FIELDS.get(label, [])
                if field.name not in listed and f"{label}.{field.name}" not in NOT_FREE_TEXT:
                    missing.append(f"{label}.{field.name}")
    assert not missing, (
        f"add to TEXT_FIELDS/URL_FIELDS (or NOT_FREE_TEXT) in tests/hostile.py: {missing}"
    )


def test_the_html_check_catches_what_it_should():
    # The checker itself must fail on executable markup, or the tests above prove nothing.
    assert executable_markup(f"<p>ok</p><script>{MARK}</script>")
    assert executable_markup('<img src=x onerror="x()">')
    assert executable_markup('<a href=" jav&#x09;ascript:x()">x</a>')
    assert executable_markup('<svg><a xlink:href="javascript:x()">x</a></svg>') or dangerous_url(
        "javascript:x()"
    )
    assert executable_markup('<iframe src="/x"></iframe>')
    assert not executable_markup(
        '<p title="&lt;script&gt;">&lt;script&gt;x&lt;/script&gt;</p>'
        '<script src="/static/a.js"></script>'
    )
