"""A newcomer's walk through the site in a real browser, with accessibility checks."""

import re

import pytest
from django.core.management import call_command
from icalendar import Calendar

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_async_unsafe_allowed"),
]

KEYNOTE = "Building Services with Docker and Python"
BLOCKING_IMPACTS = {"serious", "critical"}


class Walk:
    """Screenshots at two widths and an axe-core run for each page visited."""

    def __init__(self, page, artifacts, axe_source):
        self.page = page
        self.artifacts = artifacts
        self.axe_source = axe_source
        self.step = 0
        self.csp_errors: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.csp_errors.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )

    def check(self, name: str, *, screenshots: bool = True) -> None:
        self.step += 1
        self.page.wait_for_load_state("load")
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            if screenshots:
                path = self.artifacts / f"{self.step:02d}-{name}-{width}.png"
                self.page.screenshot(path=str(path), full_page=True)
            self._axe(f"{name} at {width}px")
        # Readable on the narrowest common phone: nothing scrolls sideways.
        self.page.set_viewport_size({"width": 360, "height": 800})
        overflow = self.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 360, f"{name} is {overflow}px wide at 360px"
        self.page.set_viewport_size({"width": 1280, "height": 900})
        assert self.csp_errors == [], self.csp_errors

    def _axe(self, where: str) -> None:
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(self.axe_source)
        result = self.page.evaluate("async () => await axe.run(document)")
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert blocking == [], f"axe-core on {where} ({self.page.url}): {blocking}"


@pytest.fixture
def demo(transactional_db):
    call_command("loaddemo", "--accounts", verbosity=0)


def test_newcomer_finds_the_keynote_goes_to_it_and_takes_it_home(
    page, live_server, demo, artifacts, axe_source
):
    walk = Walk(page, artifacts, axe_source)

    page.goto(live_server.url + "/")
    walk.check("home")

    page.get_by_role("link", name="PyTennessee 2015").first.click()
    page.wait_for_url(re.compile(r"/conferences/pytennessee-2015/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "PyTennessee 2015"
    walk.check("conference")

    page.get_by_role("navigation", name="PyTennessee 2015").get_by_role(
        "link", name="Schedule"
    ).click()
    page.wait_for_url(re.compile(r"/schedule/$"))
    assert page.get_by_text("The Glorious Food").first.is_visible()
    walk.check("schedule")
    # On paper: the grid without the navigation, as a PDF to look at.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    # Every room as a list (a grid on paper would print its first few columns only).
    assert page.locator(".schedule-grid").evaluate("el => getComputedStyle(el).display") == "flex"
    page.pdf(path=str(artifacts / "schedule-print.pdf"), format="A4", landscape=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name=KEYNOTE).first.click()
    page.wait_for_url(re.compile(r"/talks/building-services-with-docker-and-python/$"))
    walk.check("keynote")

    page.get_by_role("link", name="Kyle Kelley").first.click()
    page.wait_for_url(re.compile(r"/speakers/kyle-kelley/$"))
    assert page.get_by_role("link", name=KEYNOTE).is_visible()
    walk.check("speaker")

    page.get_by_role("link", name=KEYNOTE).click()
    page.get_by_role("link", name="Log in to add it to your schedule").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    walk.check("login")
    page.get_by_label("Username").fill("attendee")
    page.get_by_label("Password").fill("hallway-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/talks/building-services-with-docker-and-python/$"))

    # "I'm going", enhanced by the script: no page load, the count goes up.
    before = int(page.locator("[data-going-count]").inner_text())
    page.evaluate("window.__samePage = true")
    page.get_by_role("button", name="I'm going").click()
    page.get_by_role("button", name="✓ I'm going").wait_for()
    assert page.evaluate("window.__samePage") is True
    assert int(page.locator("[data-going-count]").inner_text()) == before + 1
    walk.check("going")

    with page.expect_download() as talk_download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    talk_ics = artifacts / "keynote.ics"
    talk_download.value.save_as(talk_ics)
    [event] = Calendar.from_ical(talk_ics.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == KEYNOTE

    page.get_by_role("link", name="My schedule").click()
    page.wait_for_url(re.compile(r"/me/schedule/$"))
    assert page.get_by_role("link", name=KEYNOTE).is_visible()
    page.get_by_role("button", name="Make my private calendar address").click()
    page.wait_for_url(re.compile(r"/me/schedule/$"))
    walk.check("my-schedule")

    with page.expect_download() as feed_download:
        page.get_by_role("link", name="Download my schedule (.ics)").click()
    feed_ics = artifacts / "my-schedule.ics"
    feed_download.value.save_as(feed_ics)
    events = Calendar.from_ical(feed_ics.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [KEYNOTE]


def test_schedule_stays_readable_offline_and_says_so(page, live_server, demo):
    schedule = live_server.url + "/conferences/pytennessee-2015/schedule/"
    page.goto(schedule)
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now under the service worker's control, which saves the page
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # The day tabs were saved for offline use too.
    sunday = "/conferences/pytennessee-2015/schedule/day/2015-02-08/"
    page.wait_for_function(f"async () => !!(await caches.match('{sunday}'))")
    page.context.set_offline(True)
    page.goto(live_server.url + sunday)
    assert page.get_by_role("heading", name="Sunday 8 February 2015").is_visible()
    page.locator("#offline-notice").wait_for(state="visible")
    assert "You are offline" in page.locator("#offline-notice").inner_text()
    page.context.set_offline(False)


def test_keyboard_alone_reaches_the_content_and_marks_a_talk(page, live_server, demo):
    talk = (
        live_server.url
        + "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/"
    )
    page.goto(live_server.url + "/accounts/login/?next=" + talk.replace(live_server.url, ""))
    page.get_by_label("Username").fill("attendee")
    page.get_by_label("Password").fill("hallway-demo")
    page.keyboard.press("Enter")
    page.wait_for_url(talk)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab on from the main content to the "I'm going" button, and press it.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "I'm going":
            break
    else:
        pytest.fail("Tab never reached the I'm going button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus indicator
    page.keyboard.press("Enter")
    page.get_by_role("button", name="✓ I'm going").wait_for()


OTHER_PAGES = [
    "/conferences/",
    "/conferences/?year=abc",
    "/conferences/pytennessee-2015/schedule/list/?day=2015-02-07",
    "/conferences/pytennessee-2015/schedule/?tz=Europe/Berlin",
    "/conferences/pytennessee-2015/now/?at=2015-02-07T10:40",
    "/conferences/pytennessee-2015/talks/",
    "/conferences/pytennessee-2015/speakers/",
    "/tags/python/",
    "/search/?q=docker",
    "/search/?q=zebrafish",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/no/such/page/",
]


def test_the_rest_of_the_site_passes_axe_at_both_widths(
    page, live_server, demo, artifacts, axe_source
):
    walk = Walk(page, artifacts, axe_source)
    for url in OTHER_PAGES:
        page.goto(live_server.url + url)
        walk.check(url, screenshots=False)
