import datetime as dt

import pytest
from django.urls import reverse

from talks.models import Bookmark, Talk
from tests.factories import (
    BookmarkFactory,
    ConferenceFactory,
    ReleasedScheduleFactory,
    ResourceFactory,
    RoomFactory,
    SlotFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


def _scheduled_talk(**talk_fields):
    conference = ConferenceFactory()
    talk = TalkFactory(conference=conference, **talk_fields)
    schedule = ReleasedScheduleFactory(conference=conference)
    slot = SlotFactory(
        schedule=schedule,
        talk=talk,
        room__name="Main Hall",
        start=local(conference, 0, 9),
        end=local(conference, 0, 10),
    )
    return talk, slot


def test_talk_page_shows_everything_an_attendee_needs(client):
    speaker = SpeakerFactory(name="Kyle Kelley", affiliation="Rackspace")
    talk, _ = _scheduled_talk(
        title="Docker and Python",
        kind=Talk.Kind.KEYNOTE,
        abstract="Uses **Docker**. <script>alert(1)</script>",
        description="More [here](https://example.org).",
        speakers=[speaker],
    )
    talk.tags.create(name="Python", slug="python")
    ResourceFactory(talk=talk, kind="video", title="The recording")
    ResourceFactory(talk=talk, title="Pending link", approved=False)
    BookmarkFactory(talk=talk)
    BookmarkFactory(talk=talk)
    response = client.get(talk.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "<h1>Docker and Python</h1>" in text
    assert "Keynote" in text
    assert "Kyle Kelley" in text
    assert "Rackspace" in text
    assert "<strong>Docker</strong>" in text
    assert "<script>alert" not in text
    assert 'href="https://example.org"' in text
    assert "The recording" in text
    assert "Pending link" not in text
    assert "<span data-going-count>2</span> <span data-going-label>people are going</span>" in text
    # Times in the conference's zone (America/Chicago), not UTC.
    assert "Saturday 7 February 2015, 09:00" in text
    assert "Main Hall" in text
    assert (
        reverse("talks:ical", kwargs={"conference": talk.conference.slug, "slug": talk.slug})
        in text
    )
    assert "talks/includes/_followup_cta.html" in [t.name for t in response.templates]
    assert 'href="/tags/python/"' in text


def test_talk_page_marks_cancelled_talks(client):
    talk, _ = _scheduled_talk(
        title="Gone talk", state=Talk.State.CANCELLED, cancellation_note="Speaker is ill"
    )
    text = client.get(talk.get_absolute_url()).text
    assert "<del>Gone talk</del>" in text
    assert "Cancelled: Speaker is ill" in text


def test_draft_talks_and_talks_of_unpublished_conferences_are_404(client):
    draft = TalkFactory(state=Talk.State.DRAFT)
    hidden = TalkFactory(conference=ConferenceFactory(published=False))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_talk_page_switches_time_zone_and_remembers_it(client):
    talk, _ = _scheduled_talk()
    berlin = client.get(talk.get_absolute_url() + "?tz=Europe/Berlin").text
    assert "16:00" in berlin  # 09:00 in Chicago is 16:00 in Berlin in February
    again = client.get(talk.get_absolute_url()).text
    assert "16:00" in again
    back = client.get(talk.get_absolute_url() + "?tz=local").text
    assert "09:00" in back


def test_unknown_time_zone_is_ignored(client):
    talk, _ = _scheduled_talk()
    response = client.get(talk.get_absolute_url() + "?tz=Mars/Olympus")
    assert response.status_code == 200
    assert "09:00" in response.text


def test_speaker_page_groups_talks_by_conference_newest_first(client):
    speaker = SpeakerFactory(name="Ada", bio="Writes *engines*.")
    old = ConferenceFactory(name="Old Conf")
    new = ConferenceFactory(
        name="New Conf", start_date=dt.date(2019, 5, 1), end_date=dt.date(2019, 5, 2)
    )
    TalkFactory(conference=old, title="First", speakers=[speaker])
    TalkFactory(conference=new, title="Second", speakers=[speaker])
    TalkFactory(conference=new, title="Third", speakers=[speaker])
    TalkFactory(conference=new, title="Draft", speakers=[speaker], state=Talk.State.DRAFT)
    response = client.get(speaker.get_absolute_url())
    groups = response.context["groups"]
    assert [(c.name, [e.talk.title for e in entries]) for c, entries in groups] == [
        ("New Conf", ["Second", "Third"]),
        ("Old Conf", ["First"]),
    ]
    assert "<em>engines</em>" in response.text
    assert "Draft" not in response.text


def test_speaker_page_says_when_and_where_in_schedule_order(client):
    speaker = SpeakerFactory(name="Kyle")
    conference = ConferenceFactory(name="PyTennessee 2015")
    schedule = ReleasedScheduleFactory(conference=conference)
    hall = RoomFactory(conference=conference, name="Main Hall")
    late = TalkFactory(conference=conference, title="Alpha (afternoon)", speakers=[speaker])
    early = TalkFactory(conference=conference, title="Zulu (morning)", speakers=[speaker])
    TalkFactory(conference=conference, title="Unscheduled", speakers=[speaker])
    SlotFactory(schedule=schedule, room=hall, talk=late, start=local(conference, 0, 14),
                end=local(conference, 0, 15))  # fmt: skip
    SlotFactory(schedule=schedule, room=hall, talk=early, start=local(conference, 0, 9),
                end=local(conference, 0, 10))  # fmt: skip
    response = client.get(speaker.get_absolute_url())
    [(_, entries)] = response.context["groups"]
    assert [e.talk.title for e in entries] == ["Zulu (morning)", "Alpha (afternoon)", "Unscheduled"]
    assert "Saturday 7 February 2015, 09:00</time>–10:00 (America/Chicago) · Main Hall" in (
        response.text
    )
    assert "not on a released schedule" in response.text


def test_tag_page_lists_published_talks_across_conferences(client):
    first = TalkFactory(title="Alpha")
    tag = first.tags.create(name="Python", slug="python")
    TalkFactory(title="Beta").tags.add(tag)
    TalkFactory(title="Hidden", conference=ConferenceFactory(published=False)).tags.add(tag)
    response = client.get(tag.get_absolute_url())
    assert "Alpha" in response.text
    assert "Beta" in response.text
    assert "Hidden" not in response.text
    assert client.get("/tags/nope/").status_code == 404


def _going_url(talk):
    return reverse("talks:going", kwargs={"conference": talk.conference.slug, "slug": talk.slug})


def test_going_needs_a_login_and_a_post(client):
    talk = TalkFactory()
    response = client.post(_going_url(talk), {"action": "add"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(UserFactory())
    assert client.get(_going_url(talk)).status_code == 405
    assert Bookmark.objects.count() == 0


def test_going_form_adds_and_removes_and_redirects_back(client):
    talk = TalkFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(_going_url(talk), {"action": "add", "next": "/me/schedule/"})
    assert response.status_code == 302
    assert response["Location"] == "/me/schedule/"
    assert Bookmark.objects.filter(user=user, talk=talk).exists()
    client.post(_going_url(talk), {"action": "add"})  # twice is still one
    assert Bookmark.objects.filter(user=user, talk=talk).count() == 1
    page = client.get(talk.get_absolute_url()).text
    assert 'aria-pressed="true"' in page
    response = client.post(_going_url(talk), {"action": "remove", "next": "https://evil.example/"})
    assert response["Location"] == talk.get_absolute_url()
    assert not Bookmark.objects.filter(user=user, talk=talk).exists()


@pytest.mark.parametrize(
    "next_url", ["/\\evil.example", "//evil.example", "https://evil.example", "javascript:alert(1)"]
)
def test_going_never_redirects_off_the_site(client, next_url):
    talk = TalkFactory()
    client.force_login(UserFactory())
    response = client.post(_going_url(talk), {"action": "add", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == talk.get_absolute_url()


def test_going_answers_json_for_the_script(client):
    talk = TalkFactory()
    BookmarkFactory(talk=talk)
    client.force_login(UserFactory())
    response = client.post(
        _going_url(talk), {"action": "add"}, headers={"accept": "application/json"}
    )
    assert response.json() == {"going": True, "count": 2, "label": "people are going"}


def test_going_rejects_an_unknown_action(client):
    talk = TalkFactory()
    client.force_login(UserFactory())
    response = client.post(_going_url(talk), {"action": "explode"})
    assert response.status_code == 400
    assert Bookmark.objects.count() == 0


def test_speaker_without_public_talks_is_not_found(client):
    speaker = SpeakerFactory()
    TalkFactory(conference=ConferenceFactory(published=False), speakers=[speaker])
    assert client.get(speaker.get_absolute_url()).status_code == 404
