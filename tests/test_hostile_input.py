"""Hostile input in every text field, rendered on every page that shows it: nothing executes.

The pages are every GET URL of the permission matrix that the role gets with 200: public
pages as an anonymous visitor, the admin as staff. A page added on another branch is checked
as soon as it has a row in tests/security/expected.py.
"""

import pytest
from django.apps import apps

from tests.hostile import AWKWARD_TEXT, MARK, TEXT_FIELDS, URL_FIELDS, XSS_PAYLOADS, fit
from tests.security.expected import expectations
from tests.security.html_safety import dangerous_url, executable_markup
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, STAFF, World, build_world

pytestmark = pytest.mark.django_db

HOSTILE_URLS = [
    f"javascript:{MARK}",
    f" JavaScript:{MARK}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


def _fit_unique(field, value: str, suffix: str) -> str:
    return fit(field, value)[: (field.max_length or 10**9) - len(suffix)] + suffix


def fill_every_field(text, url: str) -> None:
    """Put hostile text in every free-text field of every row, and the URL in URL fields.

    text is a string, or a function (model label, field name) → string.
    """
    for fields_by_model, value in ((TEXT_FIELDS, text), (URL_FIELDS, url)):
        for label, names in fields_by_model.items():
            model = apps.get_model(label)
            for index, pk in enumerate(model.objects.values_list("pk", flat=True)):
                suffix = f" {index}" if index else ""  # unique names (tags) stay unique
                values = {}
                for name in names:
                    field = model._meta.get_field(name)
                    raw = value(label, name) if callable(value) else value
                    values[name] = _fit_unique(field, raw, suffix)
                model.objects.filter(pk=pk).update(**values)


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


FIELD_ORDER = [f"{label}.{name}" for label, names in TEXT_FIELDS.items() for name in names]


@pytest.mark.parametrize("round_", range(3))
def test_payloads_never_execute_in_the_admin(round_):
    # The admin has many pages: each round gives every field a different payload, and
    # every payload lands in some field; long text fields get the whole corpus at once.
    def payload_for(label: str, name: str) -> str:
        field = apps.get_model(label)._meta.get_field(name)
        if field.max_length is None:
            return "\n\n".join(XSS_PAYLOADS)
        index = FIELD_ORDER.index(f"{label}.{name}") + round_ * 11
        return XSS_PAYLOADS[index % len(XSS_PAYLOADS)]

    world = build_world()
    fill_every_field(payload_for, HOSTILE_URLS[round_ % len(HOSTILE_URLS)])
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
