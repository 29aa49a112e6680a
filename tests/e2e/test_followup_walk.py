"""The follow-up workflow in a real browser: scan the QR code (visit its short URL),
send a follow-up, the speaker signs in, replies and resolves; the attendee sees it."""

import os
import shutil

import pytest
from django.core import mail

from talks.followups.selectors import short_code
from tests.factories import ConferenceFactory, SpeakerFactory, TalkFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"no browser at {CHROMIUM}"),
]


@pytest.fixture
def site(transactional_db, settings):
    """A live server started after the test settings apply (plain HTTP, fast hashing).

    pytest-django's session-wide live_server builds its middleware before the per-test
    settings, so it would redirect to HTTPS as production does.
    """
    from pytest_django.live_server_helper import LiveServer

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    server = LiveServer("localhost:0")
    server._live_server_modified_settings.enable()
    settings.SITE_URL = server.url
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made here
    # between browser steps are still plain synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # ORM connections opened inside Playwright's context live in their own slot of
        # Django's connection handler: close them here or they outlive the test run.
        from django.db import connections

        connections.close_all()


def test_scan_submit_speaker_replies_and_resolves(site, browser):
    conference = ConferenceFactory(name="PyTennessee 2015")
    speaker_user = UserFactory(
        username="kyle", email="kyle@example.org", password="walk-the-hallway-42"
    )
    talk = TalkFactory(
        conference=conference,
        title="Building Services with Docker and Python",
        speakers=[SpeakerFactory(user=speaker_user, name="Kyle Kelley")],
    )
    mail.outbox = []

    attendee = browser.new_page()
    attendee.goto(f"{site.url}/f/{short_code(talk)}/")
    assert "Follow up on “Building Services with Docker and Python”" in attendee.content()
    attendee.get_by_label("Collaboration").check()
    attendee.get_by_label("Your message").fill("We want the same notebook server for our team.")
    attendee.get_by_role("textbox", name="Name", exact=True).fill("Brian J. Geiger")
    attendee.get_by_label("Your e-mail address").fill("brian@example.net")
    attendee.get_by_label("Share my name, e-mail and affiliation with the speakers").check()
    attendee.get_by_role("button", name="Send to the speaker").click()
    attendee.wait_for_url("**/follow-ups/**")
    assert "Sent. Thank you." in attendee.content()
    status_url = attendee.url.split("?")[0]
    assert sorted(m.to[0] for m in mail.outbox) == ["brian@example.net", "kyle@example.org"]

    speaker = browser.new_context().new_page()
    speaker.goto(f"{site.url}/me/follow-ups/")
    speaker.get_by_label("Username").fill("kyle")
    speaker.get_by_label("Password").fill("walk-the-hallway-42")
    speaker.get_by_role("button", name="Log in").click()
    speaker.wait_for_url("**/me/follow-ups/")
    speaker.locator(".inbox-title a").first.click()
    assert "brian@example.net" in speaker.content()
    speaker.get_by_label("Message").fill("Happy to help: here is the setup.")
    speaker.get_by_role("button", name="Send").click()
    assert "Reply sent." in speaker.content()
    speaker.get_by_label("Mark as").select_option("resolved")
    speaker.get_by_role("button", name="Save status").click()
    assert "Marked resolved." in speaker.content()

    attendee.goto(status_url)
    page = attendee.content()
    assert "Happy to help: here is the setup." in page
    assert "Resolved" in page
    assert any("Happy to help" in m.body for m in mail.outbox if m.to == ["brian@example.net"])
    assert os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] == "true"
