"""The changelog computed at release, and the public changes page and Atom feed."""

import datetime as dt
import zoneinfo

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from talks.services import schedule_get_work_in_progress, schedule_release, talk_cancel
from tests.factories import (
    ConferenceFactory,
    FollowUpFactory,
    RoomFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def at(hour: int) -> dt.datetime:
    return dt.datetime(2015, 2, 7, hour, tzinfo=CHICAGO)


def _visible(release) -> list[tuple[str, str]]:
    return [(c["type"], c["title"]) for c in release.changelog if c["type"] != "snapshot"]


@pytest.fixture
def conference():
    return ConferenceFactory(slug="pytn-2015")


@pytest.fixture
def wip(conference):
    return schedule_get_work_in_progress(conference=conference)


def test_first_release_lists_every_talk_as_added(conference, wip):
    SlotFactory(schedule=wip, talk__title="Keynote", start=at(9), end=at(10))
    SlotFactory(schedule=wip, talk=None, title="Lunch", room=None, start=at(12), end=at(13))
    release = schedule_release(conference=conference, version="1.0")
    assert _visible(release) == [("added", "Keynote")]
    assert release.slots.count() == 2


def test_changelog_lists_adds_removals_moves_renames_and_cancels(conference, wip):
    hall, annex = (
        RoomFactory(conference=conference, name="Hall"),
        RoomFactory(conference=conference, name="Annex"),
    )
    stays = SlotFactory(schedule=wip, room=hall, talk__title="Stays", start=at(9), end=at(10))
    moves = SlotFactory(schedule=wip, room=hall, talk__title="Moves", start=at(10), end=at(11))
    renamed = SlotFactory(schedule=wip, room=hall, talk__title="Old name", start=at(11), end=at(12))
    cancelled = SlotFactory(
        schedule=wip, room=annex, talk__title="Cancelled", start=at(9), end=at(10)
    )
    dropped = SlotFactory(schedule=wip, room=annex, talk__title="Dropped", start=at(10), end=at(11))
    schedule_release(conference=conference, version="1.0")

    moves.room, moves.start, moves.end = annex, at(14), at(15)
    moves.save()
    renamed.talk.title = "New name"
    renamed.talk.save()
    talk_cancel(talk=cancelled.talk, note="Speaker is ill")
    dropped.delete()
    SlotFactory(schedule=wip, room=annex, talk__title="Newcomer", start=at(16), end=at(17))
    release = schedule_release(conference=conference, version="1.1", comment="Afternoon fixes")

    changes = {c["type"]: c for c in release.changelog if c["type"] != "snapshot"}
    assert sorted(_visible(release)) == sorted(
        [
            ("moved", "Moves"),
            ("renamed", "New name"),
            ("cancelled", "Cancelled"),
            ("removed", "Dropped"),
            ("added", "Newcomer"),
        ]
    )
    assert changes["moved"]["from"]["room"] == "Hall"
    assert changes["moved"]["to"]["room"] == "Annex"
    assert dt.datetime.fromisoformat(changes["moved"]["to"]["start"]) == at(14)
    assert changes["renamed"]["from_title"] == "Old name"
    assert changes["cancelled"]["note"] == "Speaker is ill"
    assert stays.talk.title not in {title for _, title in _visible(release)}
    # The cancelled talk stays on the released schedule.
    assert release.slots.filter(talk=cancelled.talk).exists()

    # Nothing changed since: the next release has no visible changes.
    assert _visible(schedule_release(conference=conference, version="1.2")) == []


def test_reinstated_talk_is_listed(conference, wip):
    slot = SlotFactory(schedule=wip, start=at(9), end=at(10))
    talk_cancel(talk=slot.talk, note="Unsure")
    schedule_release(conference=conference, version="1.0")
    slot.talk.state = slot.talk.State.CONFIRMED
    slot.talk.save()
    assert _visible(schedule_release(conference=conference, version="1.1")) == [
        ("reinstated", slot.talk.title)
    ]


def test_release_needs_a_new_version_name(conference, wip):
    from django.core.exceptions import ValidationError

    schedule_release(conference=conference, version="1.0")
    with pytest.raises(ValidationError):
        schedule_release(conference=conference, version="1.0")
    with pytest.raises(ValidationError):
        schedule_release(conference=conference, version="  ")


def _two_releases(conference, wip, talks: int) -> None:
    room = RoomFactory(conference=conference, name="Hall")
    slots = [
        SlotFactory(
            schedule=wip,
            room=room,
            start=at(8) + dt.timedelta(minutes=20 * n),
            end=at(8) + dt.timedelta(minutes=20 * n + 15),
        )
        for n in range(talks)
    ]
    schedule_release(conference=conference, version="1.0")
    for slot in slots:
        slot.start += dt.timedelta(minutes=5)
        slot.end += dt.timedelta(minutes=5)
        slot.save()
    schedule_release(conference=conference, version="1.1")


def test_changes_page_shows_releases_newest_first_in_local_time(client, conference, wip):
    _two_releases(conference, wip, 1)
    response = client.get(reverse("schedule_changes:list", kwargs={"slug": "pytn-2015"}))
    assert response.status_code == 200
    text = response.text
    assert text.index("Version 1.1") < text.index("Version 1.0")
    assert "Sat 7 Feb 08:05" in text  # moved to, local time
    assert "snapshot" not in text


def test_changes_page_and_feed_are_not_found_for_unpublished_conferences(client):
    ConferenceFactory(slug="secret", published=False)
    for name in ("schedule_changes:list", "schedule_changes:feed"):
        assert client.get(reverse(name, kwargs={"slug": "secret"})).status_code == 404


def test_changes_feed_is_atom_with_one_entry_per_release(client, conference, wip):
    _two_releases(conference, wip, 2)
    response = client.get(reverse("schedule_changes:feed", kwargs={"slug": "pytn-2015"}))
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(response.content)
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles == ["Version 1.1: 2 changes", "Version 1.0: 2 changes"]
    summary = feed.find("a:entry", ns).findtext("a:summary", namespaces=ns)
    assert "Moved" in summary


def test_changes_page_and_feed_never_show_followups(client, conference, wip):
    slot = SlotFactory(schedule=wip, start=at(9), end=at(10))
    FollowUpFactory(talk=slot.talk, email="hidden@example.net", message="Private question")
    schedule_release(conference=conference, version="1.0")
    for name in ("schedule_changes:list", "schedule_changes:feed"):
        body = client.get(reverse(name, kwargs={"slug": "pytn-2015"})).content.decode()
        assert "hidden@example.net" not in body
        assert "Private question" not in body


@pytest.mark.parametrize("name", ["schedule_changes:list", "schedule_changes:feed"])
@pytest.mark.parametrize("talks", [2, 20])
def test_changes_page_and_feed_queries_do_not_grow_with_the_schedule(
    client, conference, wip, django_assert_num_queries, name, talks
):
    _two_releases(conference, wip, talks)
    url = reverse(name, kwargs={"slug": "pytn-2015"})
    with django_assert_num_queries(3):  # the conference, its releases, which talks are public
        assert client.get(url).status_code == 200


def test_feed_gives_times_in_the_conferences_zone(client, conference, wip):
    _two_releases(conference, wip, 1)
    response = client.get(reverse("schedule_changes:feed", kwargs={"slug": "pytn-2015"}))
    assert "08:05" in response.content.decode()
