"""The conference day at the venue, in a real browser: the 60-room grid (sticky room
names and times after scrolling both ways, the now line, filters, every room on paper),
now & next on a phone, the speaker's side (follow-up → receipt → inbox → reply) and
dark mode; axe-core on every page, screenshots into test-artifacts/e2e/."""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Max
from pypdf import PdfReader

from talks.demo import generated
from talks.models import Slot
from tests.e2e.test_attendee_walk import Walk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("_async_unsafe_allowed"),
]

DAY = "/conferences/gen-venue-000/schedule/day/2026-02-01/"
AT = "at=2026-02-01T11:02"  # mid-morning at the venue (Europe/Brussels)
ROOMS = [f"Room {n:02d}" for n in range(1, 61)]
KEYNOTE = "/conferences/pytennessee-2015/talks/building-services-with-docker-and-python/"


@pytest.fixture
def venue(transactional_db, monkeypatch):
    """The story demo (its accounts) and a generated 60-room day, small enough to be quick."""
    call_command("loaddemo", "--accounts", verbosity=0)
    size = generated.GeneratedSize(
        conferences=1, rooms=60, talks_per_conference=360, speakers=150, days=1
    )
    monkeypatch.setitem(generated.SIZES, "venue", size)
    generated.load_generated(size="venue")


def _topmost(page, x: float, y: float) -> str:
    """The class of the grid part drawn at a point of the viewport (what the eye sees)."""
    return page.evaluate(
        """([x, y]) => {
            const el = document.elementFromPoint(x, y);
            const part = el && el.closest('.grid-room, .grid-time, .grid-corner, .slot');
            return part ? part.className : '';
        }""",
        [x, y],
    )


def test_sixty_room_grid_keeps_rooms_and_times_in_view_and_prints_every_room(
    page, live_server, venue, artifacts, axe_source
):
    walk = Walk(page, artifacts, axe_source)
    page.goto(f"{live_server.url}{DAY}?{AT}")
    walk.check("venue-grid", screenshots=False)
    scroller = page.locator(".schedule-scroll")
    # The script counts the rooms off to the right for the real width.
    cue = page.locator("[data-scroll-cue]")
    assert re.fullmatch(r"5\d more rooms", cue.inner_text()), cue.inner_text()

    scroller.scroll_into_view_if_needed()
    scroller.evaluate("el => el.scrollBy(4000, 1500)")
    page.wait_for_timeout(200)
    box = scroller.bounding_box()
    assert box is not None
    # After scrolling both ways the room names still head the columns and the times
    # still run down the left: both are what is drawn at the grid's edges.
    assert "grid-room" in _topmost(page, box["x"] + box["width"] / 2, box["y"] + 8)
    assert "grid-time" in _topmost(page, box["x"] + 20, box["y"] + box["height"] / 2)
    assert re.fullmatch(r"\d+ more rooms", cue.inner_text())
    assert cue.inner_text() != "53 more rooms"
    page.screenshot(path=str(artifacts / "venue-grid-scrolled-1280.png"))

    # "Jump to now" brings the now line into the grid's view (an anchor: no script needed).
    scroller.evaluate("el => el.scrollTo(0, 0)")
    page.get_by_role("link", name="Jump to now (11:02)").click()
    page.wait_for_timeout(200)
    now = page.locator("#now").bounding_box()
    box = scroller.bounding_box()
    assert now is not None
    assert box is not None
    assert box["y"] <= now["y"] <= box["y"] + box["height"]
    assert page.locator("#now").inner_text() == "Now 11:02"
    page.screenshot(path=str(artifacts / "venue-grid-now-1280.png"))

    # Filters live in the URL: a GET form.
    page.get_by_label("Track", exact=True).select_option(label="Python")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"track=python"))
    tracks = page.locator(".schedule-grid .slot:not(.is-break) .track-label").all_inner_texts()
    assert tracks
    assert {t.strip() for t in tracks} == {"Python"}
    walk.check("venue-grid-filtered", screenshots=False)

    # On paper: one list per room, every room, over many pages.
    page.goto(f"{live_server.url}{DAY}")
    page.emulate_media(media="print")
    printed = page.locator(".schedule-grid").inner_text()
    positions = [printed.find(room) for room in ROOMS]
    assert -1 not in positions, [r for r, p in zip(ROOMS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)  # room by room, in order
    pdf = page.pdf(format="A4")
    (artifacts / "venue-grid-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 10, len(reader.pages)  # sixty rooms' lists, not seven columns
    on_paper = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert [room for room in ROOMS if room not in on_paper] == []
    page.screenshot(path=str(artifacts / "venue-grid-print.png"), full_page=False)


def test_now_and_next_on_a_phone_lists_only_rooms_with_something_on(
    page, live_server, venue, artifacts, axe_source
):
    # Just after the first room's last session: that room has nothing more today.
    last_ends = (
        Slot.objects.filter(schedule__conference__slug="gen-venue-000", room__isnull=False)
        .values("room")
        .annotate(last=Max("end"))
        .values_list("last", flat=True)
    )
    moment = (min(last_ends) + dt.timedelta(minutes=1)).astimezone(ZoneInfo("Europe/Brussels"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/conferences/gen-venue-000/now/?at={moment:%Y-%m-%dT%H:%M}")
    Walk(page, artifacts, axe_source)._axe("now & next at 390px")
    rows = page.locator(".now-next tbody tr")
    assert 0 < rows.count() < 60  # late afternoon: rooms with nothing more take no row
    for row in rows.all()[:5]:
        assert row.locator(".slot-title").count() >= 1
        labels = [label for label in row.locator(".nn-label").all() if label.is_visible()]
        assert [label.inner_text().upper() for label in labels] == ["NOW", "NEXT"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts / "venue-now-next-390.png"), full_page=True)


def test_follow_up_from_the_talk_to_the_speakers_signed_reply(
    browser, live_server, venue, artifacts, axe_source
):
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    attendee = phone.new_page()
    walk = Walk(attendee, artifacts, axe_source)
    attendee.goto(live_server.url + KEYNOTE)
    button = attendee.get_by_role("link", name="Follow up with the speaker").first
    box = button.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 844
    button.click()
    attendee.wait_for_url(re.compile(r"/follow-up/$"))
    walk.check("followup-form")
    attendee.get_by_label("Collaboration").check()
    attendee.get_by_label("Your message").fill("We want the same notebook server for our team.")
    attendee.get_by_role("textbox", name="Name", exact=True).fill("Brian J. Geiger")
    attendee.get_by_label("Your e-mail address").fill("brian@example.net")
    attendee.get_by_label("Share my name, e-mail and affiliation with the speakers").check()
    attendee.get_by_role("button", name="Send to the speaker").click()
    attendee.wait_for_url(re.compile(r"/follow-ups/[^/]+/$"))
    assert "?" not in attendee.url  # the address to bookmark is the plain private link
    assert attendee.get_by_role("heading", name="Sent. Thank you.").is_visible()
    walk.check("followup-receipt")
    attendee.reload()
    assert attendee.get_by_role("heading", name="Sent. Thank you.").count() == 0
    assert attendee.locator(".status-badge").inner_text() == "New"
    status_url = attendee.url

    speaker = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    speaker_walk = Walk(speaker, artifacts, axe_source)
    speaker.goto(f"{live_server.url}/me/follow-ups/")
    speaker.get_by_label("Username").fill("kyle")
    speaker.get_by_label("Password").fill("hallway-demo")
    speaker.get_by_role("button", name="Log in").click()
    speaker.wait_for_url(re.compile(r"/me/follow-ups/$"))
    speaker_walk.check("speaker-inbox")
    speaker.get_by_role("link", name=re.compile("Collaboration on")).first.click()
    speaker.get_by_label("Message").fill("Happy to help: here is the setup.")
    speaker.get_by_role("button", name="Send").click()
    assert "Reply sent." in speaker.content()
    speaker_walk.check("speaker-thread")

    attendee.goto(status_url)
    reply = attendee.locator(".thread-entry.from-speaker")
    assert reply.locator(".thread-meta strong").inner_text() == "Kyle Kelley"
    assert "Happy to help" in reply.inner_text()
    withdraw = attendee.get_by_role("button", name="Withdraw this follow-up")
    add = attendee.get_by_role("button", name="Add to this follow-up")
    colour = "el => getComputedStyle(el).backgroundColor"
    assert withdraw.evaluate(colour) != add.evaluate(colour)
    walk.check("followup-status-replied")
    phone.close()


DARK_PAGES = [DAY + "?" + AT, KEYNOTE, KEYNOTE + "follow-up/", "/api/docs/", "/api/docs/swagger/"]


def test_dark_mode_and_400_percent_zoom(browser, live_server, venue, artifacts, axe_source):
    dark = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = dark.new_page()
    walk = Walk(page, artifacts, axe_source)
    for path in DARK_PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        name = "dark-" + path.split("?")[0].strip("/").replace("/", "-")
        if "swagger" in path:
            page.wait_for_selector(".opblock-summary-control")
            page.locator(".opblock-summary-control").first.click()
        else:
            body = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert body == "rgb(20, 23, 26)", (path, body)
        walk._axe(f"{name} (dark)")
        page.screenshot(path=str(artifacts / f"{name}-1280.png"))
        if "swagger" not in path:  # Swagger UI's own layout has a fixed minimum width
            # 400% zoom of a 1280 px window is 320 CSS px: nothing may stick out.
            page.set_viewport_size({"width": 320, "height": 800})
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
            walk._axe(f"{name} at 320px (dark)")
    dark.close()


def test_the_now_line_moves_on_while_the_grid_stays_open(page, live_server, transactional_db):
    from django.utils import timezone

    from tests.factories import (
        ConferenceFactory,
        ReleasedScheduleFactory,
        RoomFactory,
        SlotFactory,
    )

    now = timezone.now()
    start = now.replace(second=0, microsecond=0) - dt.timedelta(minutes=10)
    conference = ConferenceFactory(slug="today", timezone="UTC")
    day = conference.day_of(start)
    conference.start_date = conference.end_date = day
    conference.save()
    SlotFactory(
        schedule=ReleasedScheduleFactory(conference=conference),
        room=RoomFactory(conference=conference),
        start=start,
        end=start + dt.timedelta(minutes=90),
    )
    page.clock.install(time=now)
    page.goto(f"{live_server.url}/conferences/today/schedule/day/{day:%Y-%m-%d}/")
    line = page.locator("#now")

    def row() -> int:
        return int(re.search(r"\bgr-(\d+) gre-", line.get_attribute("class") or "")[1])

    before = row()
    page.clock.run_for(30 * 60 * 1000)  # half an hour on: six five-minute rows
    # The script moves it once a minute, so within a minute of half an hour: 5 to 7 rows.
    assert 5 <= row() - before <= 7
    shown = line.locator("time").inner_text()
    assert shown in {(now + dt.timedelta(minutes=m)).strftime("%H:%M") for m in (29, 30, 31)}
