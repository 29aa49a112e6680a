"""Links that point somewhere: the talk's calendar file only where it exists, the schedule's
files and changelog linked where people look, the Atom feed valid (issue 16)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import (
    ConferenceFactory,
    ReleasedScheduleFactory,
    ScheduleFactory,
    SlotFactory,
    TalkFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db

ICS_LINK = "Add to calendar (.ics)"


def _slot(schedule, talk):
    conference = schedule.conference
    return SlotFactory(
        schedule=schedule, talk=talk, start=local(conference, 0, 9), end=local(conference, 0, 10)
    )


def test_a_talk_on_the_released_schedule_offers_its_calendar_file(client):
    talk = TalkFactory()
    _slot(ReleasedScheduleFactory(conference=talk.conference), talk)
    page = client.get(talk.get_absolute_url())
    assert ICS_LINK in page.text
    ics = reverse("talks:ical", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
    assert f'href="{ics}"' in page.text
    assert client.get(ics).status_code == 200


def test_a_talk_on_no_released_schedule_offers_no_calendar_file(client):
    # Like every imported pyvideo talk: in the catalogue, on no schedule.
    talk = TalkFactory()
    ReleasedScheduleFactory(conference=talk.conference)
    page = client.get(talk.get_absolute_url())
    assert page.status_code == 200
    assert ICS_LINK not in page.text
    ics = reverse("talks:ical", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
    assert client.get(ics).status_code == 404


def test_a_talk_only_in_the_work_in_progress_offers_no_calendar_file(client):
    talk = TalkFactory()
    ReleasedScheduleFactory(conference=talk.conference)
    _slot(ScheduleFactory(conference=talk.conference), talk)
    assert ICS_LINK not in client.get(talk.get_absolute_url()).text


def _hrefs(html):
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.mark.parametrize("page", ["conference:detail", "conference:schedule"])
def test_schedule_files_and_changelog_are_linked_and_answer(client, page):
    conference = ConferenceFactory()
    talk = TalkFactory(conference=conference)
    _slot(ReleasedScheduleFactory(conference=conference, version="1.0"), talk)
    html = client.get(reverse(page, kwargs={"slug": conference.slug})).text
    slug = {"slug": conference.slug}
    wanted = {
        reverse("exports:schedule_xml", kwargs=slug),
        reverse("exports:schedule_json", kwargs=slug),
        reverse("exports:schedule_csv", kwargs=slug),
        reverse("conference:ical", kwargs=slug),
        reverse("schedule_changes:list", kwargs=slug),
        reverse("schedule_changes:feed", kwargs=slug),
    }
    assert wanted <= _hrefs(html)
    assert "Version 1.0" in html
    for url in wanted:
        assert client.get(url).status_code == 200, url


def test_the_api_docs_page_points_at_the_schedule_files(client):
    html = client.get(reverse("api:docs")).text
    assert reverse("conference:list") in _hrefs(html)
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
    assert "/schedule/export/schedule.xml" in schema["info"]["description"]
    assert "/changes/feed/" in schema["info"]["description"]


def test_the_changelog_feed_names_its_author(client):
    conference = ConferenceFactory(name="PyTennessee 2015")
    ReleasedScheduleFactory(conference=conference, version="1.0")
    feed = client.get(reverse("schedule_changes:feed", kwargs={"slug": conference.slug}))
    assert feed.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(feed.content)  # noqa: S314 - our own feed
    assert root.findtext(f"{atom}author/{atom}name") == "PyTennessee 2015 organizers"
