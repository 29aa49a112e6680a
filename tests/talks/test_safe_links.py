"""Stored web addresses become links only when they are http(s): never a script URL."""

import pytest

from talks.models import Speaker
from talks.templatetags.hallway import web_url
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        (" http://example.org/ ", "http://example.org/"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        ("//evil.example/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_web_url_keeps_only_http_addresses(value, expected):
    assert web_url(value) == expected


def test_speaker_page_shows_no_link_for_a_script_address(client):
    # The model's URLField refuses these, but imports and old rows bypass forms.
    kept = SpeakerFactory(slug="kyle", website="https://kyle.example.org/")
    dropped = SpeakerFactory(slug="mallory")
    Speaker.objects.filter(pk=dropped.pk).update(website="javascript:alert(1)")
    TalkFactory(speakers=[kept, dropped])
    page = client.get(kept.get_absolute_url())
    assert page.status_code == 200
    assert 'href="https://kyle.example.org/"' in page.text
    page = client.get(dropped.get_absolute_url())
    assert page.status_code == 200
    assert "javascript:" not in page.text
