"""Hostile input in a real browser: pages load, and no payload runs.

Every payload, if it ran, would set window.__hallway_xss or open a dialog. Pages are loaded
twice: with the production Content Security Policy, and with the CSP switched off, so that
escaping alone is shown to be enough (the CSP is the second line, not the only one).
Uses Debian's chromium (never a downloaded browser); skipped with the reason if missing.
"""

import contextlib
import os
import shutil

import pytest

from tests.hostile import HOSTILE_URLS, fill_every_field, payloads_packed
from tests.security.expected import expectations
from tests.security.matrix import url_for
from tests.security.urlmap import all_routes
from tests.security.world import ANONYMOUS, STAFF, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The admin pages that show the hostile fields (their change forms and lists).
ADMIN_PAGES = ("talks_talk", "talks_speaker", "conference_conference", "talks_followup")


@pytest.fixture
def chromium():
    """Starts the browser when called: after the test's database work, because Playwright's
    sync API runs an event loop in this thread, where Django then refuses ORM calls."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with contextlib.ExitStack() as stack:

        def start():
            playwright = stack.enter_context(sync_api.sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            stack.callback(browser.close)
            return browser

        yield start


def _is_html_page(client, url):
    # Calendars, CSV, XML, JSON, feeds: the browser downloads them, nothing to run.
    response = client.get(url)
    return "text/html" in response.get("Content-Type", "") and not response.has_header(
        "Content-Disposition"
    )


def _pages(world):
    table = expectations()
    visitor = world.client(ANONYMOUS)
    for route in all_routes():
        expect = table.get(route.key)
        if expect is None:
            continue
        get = expect.methods.get("GET", {})
        if 200 in get.get(ANONYMOUS, ()):
            url = url_for(route, expect, world)
            if _is_html_page(visitor, url):
                yield ANONYMOUS, url
        elif (
            route.name
            and route.name.startswith(tuple(f"admin:{p}_" for p in ADMIN_PAGES))
            and route.name.endswith(("_changelist", "_change"))
        ):
            yield STAFF, url_for(route, expect, world)


@pytest.mark.parametrize("csp", ["production-csp", "no-csp"])
def test_no_payload_runs_in_the_browser(chromium, live_server, settings, csp):
    if csp == "no-csp":
        settings.SECURE_CSP = {}
    world = build_world()
    fill_every_field(payloads_packed(), HOSTILE_URLS[0])

    staff_client = world.client(STAFF)
    session = staff_client.cookies[settings.SESSION_COOKIE_NAME].value
    pages = list(_pages(world))

    browser = chromium()
    # As behind the production proxy: HTTPS as far as Django knows (secure cookies, and no
    # redirect from the session-wide live server, whose middleware kept the deploy settings).
    https = {"X-Forwarded-Proto": "https"}
    contexts = {role: browser.new_context(extra_http_headers=https) for role in (ANONYMOUS, STAFF)}
    contexts[STAFF].add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    dialogs, ran, loaded = [], [], 0
    for role, path in pages:
        page = contexts[role].new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        response = page.goto(live_server.url + path, wait_until="load")
        assert response is not None
        assert response.status < 500, path
        has_csp = "content-security-policy" in response.headers
        assert has_csp == (csp == "production-csp"), path
        page.wait_for_timeout(50)  # let onload / onerror / autofocus handlers fire
        if page.evaluate("() => window.__hallway_xss !== undefined"):
            ran.append(f"{path} as {role}")
        if role == STAFF:
            assert "/login/" not in page.url, "the browser is not signed in to the admin"
        loaded += 1
        page.close()
    assert loaded >= 10
    assert not dialogs, dialogs
    assert not ran, ran


def test_the_browser_check_can_see_a_payload_run(chromium):
    # If the detection were broken, the test above would pass for the wrong reason.
    page = chromium().new_page()
    page.set_content('<img src="x" onerror="window.__hallway_xss=1">')
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.__hallway_xss") == 1
    page.close()
