"""The admin as organizers meet it: its name, times in the conference's zone, and no link
that answers them 403 (issue 16)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from talks.services import schedule_release
from tests.factories import (
    OrganizerMembershipFactory,
    ScheduleFactory,
    SlotFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _admin_links(html):
    return {href.replace("&amp;", "&") for href in re.findall(r'href="(/admin/[^"#]*)"', html)}


def test_the_admin_is_branded_hallway(cast):
    page = _signed_in(cast.organizer).get(reverse("admin:index"))
    assert "<title>Hallway: conferences, talks and follow-ups | Hallway admin</title>" in page.text
    assert "Hallway administration" in page.text
    assert "Django administration" not in page.text


def test_an_organizers_admin_pages_link_to_no_page_they_may_not_open(cast):
    """Their own membership, a fellow organizer's, a claimed speaker's account and a
    release's author are shown as names, not as links to the user admin (403)."""
    OrganizerMembershipFactory(user=UserFactory(username="fellow"), conference=cast.ours)
    speaker = SpeakerFactory(user=UserFactory(username="kyle"))
    TalkFactory(conference=cast.ours, speakers=[speaker])
    schedule_release(conference=cast.ours, version="1.0", user=cast.superuser)
    release = cast.ours.schedules.exclude(version="").get()
    client = _signed_in(cast.organizer)
    pages = [
        reverse("admin:conference_conference_change", args=[cast.ours.pk]),
        reverse("admin:talks_speaker_change", args=[speaker.pk]),
        reverse("admin:talks_schedule_change", args=[release.pk]),
        reverse("admin:talks_speaker_history", args=[speaker.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in _admin_links(response.text):
            if "/logout/" not in link:
                assert client.get(link).status_code < 400, (page, link)
    conference_page = client.get(pages[0]).text
    assert "fellow" in conference_page  # the name is still there
    assert "/admin/auth/user/" not in conference_page


def test_a_superuser_still_gets_the_account_links(cast):
    speaker = SpeakerFactory(user=UserFactory(username="kyle"))
    TalkFactory(conference=cast.ours, speakers=[speaker])
    page = _signed_in(cast.superuser).get(reverse("admin:talks_speaker_change", args=[speaker.pk]))
    assert "/admin/auth/user/" in page.text


def test_a_slots_title_and_its_form_show_the_same_local_time(cast):
    talk = TalkFactory(conference=cast.ours, title="Keynote")
    # 09:00 in Nashville (America/Chicago) is 15:00 UTC.
    slot = SlotFactory(
        schedule=ScheduleFactory(conference=cast.ours),
        talk=talk,
        start=local(cast.ours, 0, 9),
        end=local(cast.ours, 0, 10),
    )
    assert str(slot) == "Keynote (2015-02-07 09:00)"
    page = _signed_in(cast.organizer).get(reverse("admin:talks_slot_change", args=[slot.pk]))
    assert page.status_code == 200
    breadcrumb = re.search(r'<li aria-current="page">([^<]*)</li>', page.text)
    assert breadcrumb is not None
    assert breadcrumb[1] == "Keynote (2015-02-07 09:00)"
    assert 'value="09:00:00"' in page.text or 'value="09:00"' in page.text
    assert "15:00" not in page.text
    listing = _signed_in(cast.organizer).get(reverse("admin:talks_slot_changelist"))
    assert "Keynote (2015-02-07 09:00)" in listing.text


def test_a_schedules_slots_are_listed_in_the_conferences_zone(cast):
    talk = TalkFactory(conference=cast.ours, title="Keynote")
    schedule = ScheduleFactory(conference=cast.ours)
    SlotFactory(
        schedule=schedule, talk=talk, start=local(cast.ours, 0, 9), end=local(cast.ours, 0, 10)
    )
    client = _signed_in(cast.organizer)
    page = client.get(reverse("admin:talks_schedule_change", args=[schedule.pk]))
    assert page.status_code == 200
    assert "9 a.m." in page.text
    assert "3 p.m." not in page.text  # 15:00 UTC
