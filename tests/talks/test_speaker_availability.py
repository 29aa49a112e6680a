"""Speakers' stated availability: stored through the service, warned as a conflict."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talks.models import SpeakerAvailability
from talks.scheduling import schedule_conflicts, talk_windows
from talks.services import (
    availability_delete,
    availability_save,
    schedule_get_work_in_progress,
    slot_create,
)
from tests.factories import (
    ConferenceFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)
from tests.website import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed():
    conference = ConferenceFactory()
    room = RoomFactory(conference=conference)
    ada, bob = SpeakerFactory(name="Ada"), SpeakerFactory(name="Bob")
    talk = TalkFactory(conference=conference, title="Pair talk", speakers=[ada, bob])
    wip = schedule_get_work_in_progress(conference=conference)
    slot = slot_create(
        schedule=wip,
        room=room,
        talk=talk,
        start=local(conference, 0, 10),
        end=local(conference, 0, 10, 30),
    )
    return {"conference": conference, "ada": ada, "bob": bob, "wip": wip, "slot": slot}


def _window(placed, speaker, start_hour, end_hour, conference=None):
    conference = conference or placed["conference"]
    return availability_save(
        availability=SpeakerAvailability(
            speaker=speaker,
            conference=conference,
            start=local(conference, 0, start_hour),
            end=local(conference, 0, end_hour),
        )
    )


def test_save_refuses_a_window_ending_before_it_starts(placed):
    with pytest.raises(ValidationError) as error:
        _window(placed, placed["ada"], 12, 9)
    assert "must end after it starts" in str(error.value)
    assert not SpeakerAvailability.objects.exists()


def test_save_and_delete_store_and_remove_the_window(placed):
    window = _window(placed, placed["ada"], 9, 12)
    assert list(SpeakerAvailability.objects.values_list("pk", flat=True)) == [window.pk]
    availability_delete(availability=window)
    assert not SpeakerAvailability.objects.exists()


def test_no_stated_availability_is_no_conflict(placed):
    assert [c.kind for c in schedule_conflicts(schedule=placed["wip"])] == []


def test_slot_inside_every_speakers_window_is_no_conflict(placed):
    _window(placed, placed["ada"], 9, 12)
    _window(placed, placed["bob"], 14, 16)
    _window(placed, placed["bob"], 10, 11)
    assert schedule_conflicts(schedule=placed["wip"]) == []


def test_slot_outside_a_speakers_windows_is_an_availability_conflict(placed):
    _window(placed, placed["ada"], 9, 12)
    _window(placed, placed["bob"], 14, 16)
    conflicts = schedule_conflicts(schedule=placed["wip"])
    assert [(c.kind, c.slot_ids) for c in conflicts] == [("availability", (placed["slot"].pk,))]
    assert "Bob's stated availability" in conflicts[0].message


def test_slot_straddling_a_window_edge_is_a_conflict(placed):
    # 10:00–10:30 against 10:15–12:00: partly inside is not inside.
    conference = placed["conference"]
    availability_save(
        availability=SpeakerAvailability(
            speaker=placed["ada"],
            conference=conference,
            start=local(conference, 0, 10, 15),
            end=local(conference, 0, 12),
        )
    )
    assert [c.kind for c in schedule_conflicts(schedule=placed["wip"])] == ["availability"]


def test_windows_at_another_conference_do_not_count(placed):
    other = ConferenceFactory()
    _window(placed, placed["ada"], 14, 16, conference=other)
    assert schedule_conflicts(schedule=placed["wip"]) == []


def test_conflict_query_count_does_not_grow_with_windows(placed):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            schedule_conflicts(schedule=placed["wip"])
        return len(captured.captured_queries)

    before = queries()
    for hour in range(8, 20, 2):
        _window(placed, placed["ada"], hour, hour + 1)
        _window(placed, placed["bob"], hour, hour + 1)
    assert queries() == before


def test_talk_windows_are_where_every_speaker_who_said_can_be(placed):
    conference = placed["conference"]
    at = lambda hour: local(conference, 0, hour)  # noqa: E731
    windows = {1: [(at(9), at(12)), (at(14), at(17))], 2: [(at(11), at(15))]}
    assert talk_windows([1, 2, 3], windows) == [(at(11), at(12)), (at(14), at(15))]
    assert talk_windows([3], windows) is None  # speaker 3 said nothing: anywhere
    assert talk_windows([1, 2], {1: [(at(9), at(10))], 2: [(at(10), at(11))]}) == []


def test_editor_board_gives_cards_their_speakers_availability(client, placed):
    conference = placed["conference"]
    _window(placed, placed["ada"], 9, 12)
    _window(placed, placed["bob"], 14, 16)  # the placed talk: outside Bob's window
    waiting = TalkFactory(conference=conference, title="Waiting talk", speakers=[placed["ada"]])
    TalkFactory(conference=conference, title="Unknown talk", speakers=[SpeakerFactory()])
    organizer = UserFactory()
    OrganizerMembershipFactory(user=organizer, conference=conference)
    client.force_login(organizer)
    url = reverse("conference:schedule_edit_board", kwargs={"slug": conference.slug})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    utc = lambda hour: local(conference, 0, hour).astimezone(dt.UTC).isoformat()  # noqa: E731
    # Ada and Bob have no time in common: the placed talk fits nowhere.
    assert f'id="ed-slot-{placed["slot"].pk}"' in html
    card = html.split(f'id="ed-slot-{placed["slot"].pk}"')[1].split(">")[0]
    assert 'data-available=""' in card
    assert "outside the speaker&#x27;s availability" in html
    item = html.split(f'data-talk="{waiting.uuid}"')[1].split(">")[0]
    assert f'data-available="{utc(9)}/{utc(12)}"' in item
    unknown = html.split('data-title="Unknown talk"')[1].split(">")[0]
    assert "data-available" not in unknown
