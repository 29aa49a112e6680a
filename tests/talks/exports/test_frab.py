import datetime as dt
import json
import xml.etree.ElementTree as ET_BUILD
import zoneinfo

import pytest
from defusedxml import ElementTree as ET
from django.core.management import call_command

from talks.interchange.conventions import ALL_ROOMS_NAME, room_guid, speaker_guid
from talks.models import Talk
from talks.services import schedule_get_work_in_progress, schedule_release, slot_create
from tests.factories import (
    ConferenceFactory,
    RoomFactory,
    SpeakerFactory,
    TalkFactory,
)
from tests.talks.formats import json_errors, needs_formats, xml_errors

pytestmark = pytest.mark.django_db

URL = "/conferences/{slug}/schedule/export/{name}"


def export(client, slug: str, name: str) -> bytes:
    response = client.get(URL.format(slug=slug, name=name))
    assert response.status_code == 200, response.content[:300]
    return response.content


@needs_formats
@pytest.mark.parametrize("size", ["story", "large"])
def test_schedule_xml_and_json_validate_strictly(client, size):
    call_command("loaddemo", size=size, verbosity=0)
    slug = "pytennessee-2015" if size == "story" else "gen-large-000"
    xml = export(client, slug, "schedule.xml")
    document = export(client, slug, "schedule.json")
    assert xml_errors(xml) == []
    assert json_errors(document) == []
    talks = Talk.objects.filter(conference__slug=slug, slots__schedule__version="1.0").count()
    assert ET.fromstring(xml).findall("day/room/event").__len__() == talks
    days = json.loads(document)["schedule"]["conference"]["days"]
    assert sum(len(events) for day in days for events in day["rooms"].values()) == talks


def test_demo_export_keeps_stable_ids_rooms_days_and_times(client):
    call_command("loaddemo", verbosity=0)
    root = ET.fromstring(export(client, "pytennessee-2015", "schedule.xml"))
    assert root.findtext("version") == "1.0"
    day1 = root.find("day[@index='1']")
    assert day1.get("start") == "2015-02-07T04:00:00-06:00"
    assert day1.get("end") == "2015-02-08T04:00:00-06:00"
    # Rooms in Room.position order; the social (no room) after them under "All rooms".
    assert [r.get("name") for r in day1.findall("room")] == [
        "Main Hall",
        "Room 200",
        "Room 300",
        ALL_ROOMS_NAME,
    ]
    keynote = Talk.objects.get(slug="building-services-with-docker-and-python")
    event = root.find(f".//event[@guid='{keynote.uuid}']")
    assert event.findtext("date") == "2015-02-07T09:00:00-06:00"
    assert (event.findtext("start"), event.findtext("duration")) == ("09:00", "01:00")
    person = event.find("persons/person")
    assert person.text == "Kyle Kelley"
    assert person.get("guid") == str(speaker_guid("kyle-kelley"))
    assert "@" not in ET.tostring(root, encoding="unicode")  # no e-mail anywhere
    # Lunch (a slot without a talk) is not a frab event; the social is, in "All rooms".
    titles = [e.findtext("title") for e in root.iter("event")]
    assert "The Glorious Food" not in titles
    social = root.find(f"day/room[@name='{ALL_ROOMS_NAME}']/event")
    assert social.findtext("title") == "The Ministry of Silly Walks"


def test_json_export_rooms_have_stable_guids_and_persons_pretalx_shape(client):
    call_command("loaddemo", verbosity=0)
    head = json.loads(export(client, "pytennessee-2015", "schedule.json"))["schedule"]
    conference = head["conference"]
    assert head["version"] == "1.0"
    assert conference["time_zone_name"] == "America/Chicago"
    assert conference["rooms"][0]["name"] == "Main Hall"
    from conference.models import Conference

    pytn = Conference.objects.get(slug="pytennessee-2015")
    assert conference["rooms"][0]["guid"] == str(room_guid(pytn, "Main Hall"))
    event = conference["days"][0]["rooms"]["Room 300"][0]
    assert [p["name"] for p in event["persons"]] == ["Mo Demo", "Ada Example"]
    assert all("id" not in p and "email" not in p for p in event["persons"])


def test_days_split_at_day_change_and_durations_past_midnight(client):
    conference = ConferenceFactory(timezone="Europe/Brussels", day_change=dt.time(4, 0))
    room = RoomFactory(conference=conference)
    talk = TalkFactory(conference=conference, title="Late night hacking")
    tz = zoneinfo.ZoneInfo("Europe/Brussels")
    start = dt.datetime(2015, 2, 8, 1, 30, tzinfo=tz)  # after midnight: still day one
    schedule = schedule_get_work_in_progress(conference=conference)
    slot_create(
        schedule=schedule, room=room, talk=talk, start=start, end=start + dt.timedelta(minutes=150)
    )
    schedule_release(conference=conference, version="2.0")
    root = ET.fromstring(export(client, conference.slug, "schedule.xml"))
    event = root.find("day[@index='1']/room/event")
    assert event.findtext("date") == "2015-02-08T01:30:00+01:00"
    assert event.findtext("duration") == "02:30"
    assert root.find("day[@index='2']/room") is None


def test_export_shows_the_latest_release_not_the_work_in_progress(client):
    conference = ConferenceFactory()
    room = RoomFactory(conference=conference)
    speaker = SpeakerFactory(name="Sam Stable", email="sam@example.org")
    talk = TalkFactory(conference=conference, title="First title", speakers=[speaker])
    schedule = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 15, 0, tzinfo=dt.UTC)
    slot_create(
        schedule=schedule, room=room, talk=talk, start=start, end=start + dt.timedelta(hours=1)
    )
    schedule_release(conference=conference, version="1.0")
    first = export(client, conference.slug, "schedule.xml")
    assert b"<version>1.0</version>" in first
    later = TalkFactory(conference=conference, title="Added later")
    slot_create(
        schedule=schedule,
        room=room,
        talk=later,
        start=start + dt.timedelta(hours=2),
        end=start + dt.timedelta(hours=3),
    )
    assert b"Added later" not in export(client, conference.slug, "schedule.xml")
    schedule_release(conference=conference, version="1.1")
    second = export(client, conference.slug, "schedule.xml")
    assert b"<version>1.1</version>" in second
    assert b"Added later" in second
    assert f'guid="{talk.uuid}"'.encode() in first
    assert f'guid="{talk.uuid}"'.encode() in second
    assert b"sam@example.org" not in second


@needs_formats
def test_awkward_data_still_validates(client):
    """Unicode links and names, markup in titles, short slugs, a talk without speakers."""
    from tests.factories import ResourceFactory, TrackFactory

    conference = ConferenceFactory(slug="x", timezone="America/Argentina/Buenos_Aires")
    room = RoomFactory(conference=conference, name="Sala <Ñ> & co")
    track = TrackFactory(conference=conference, slug="8bit", name="8-bit")
    talk = TalkFactory(
        conference=conference,
        slug="ab",
        title="<script>alert('x')</script> & “quotes”\x0b\x07",
        track=track,
        speakers=[SpeakerFactory(name="José Ñandú")],
    )
    ResourceFactory(talk=talk, url="https://例え.jp/スライド", kind="slides")
    ResourceFactory(talk=talk, url="https://example.org/pending", approved=False)
    schedule = schedule_get_work_in_progress(conference=conference)
    start = dt.datetime(2015, 2, 7, 23, 30, tzinfo=dt.UTC)
    slot_create(
        schedule=schedule, room=room, talk=talk, start=start, end=start + dt.timedelta(hours=1)
    )
    schedule_release(conference=conference, version="v1 ü")
    xml = export(client, conference.slug, "schedule.xml")
    document = export(client, conference.slug, "schedule.json")
    assert xml_errors(xml) == []
    assert json_errors(document) == []
    assert b"pending" not in xml
    assert "José Ñandú" in document.decode()


def _event_as_xml(parent, event: dict) -> None:
    """One schedule.json event written as schedule.xml, key by key, as a frab consumer
    converts them: every key becomes the element of its name."""
    element = ET_BUILD.SubElement(parent, "event", {"id": str(event["id"]), "guid": event["guid"]})
    for key, value in event.items():
        if key in ("id", "guid"):
            continue
        if key == "persons":
            persons = ET_BUILD.SubElement(element, "persons")
            for person in value:
                ET_BUILD.SubElement(persons, "person", {"guid": person["guid"]}).text = person[
                    "name"
                ]
        elif key == "links":
            links = ET_BUILD.SubElement(element, "links")
            for link in value:
                ET_BUILD.SubElement(links, "link", {"href": link["url"]}).text = link["title"]
        elif key == "do_not_record":
            recording = ET_BUILD.SubElement(element, "recording")
            ET_BUILD.SubElement(recording, "license").text = ""
            ET_BUILD.SubElement(recording, "optout").text = "true" if value else "false"
        else:
            ET_BUILD.SubElement(element, key).text = "" if value is None else str(value)


@needs_formats
def test_json_events_converted_to_xml_one_by_one_validate_against_the_xsd(client):
    call_command("loaddemo", verbosity=0)
    Talk.objects.filter(conference__slug="pytennessee-2015").filter(
        pk=Talk.objects.filter(slots__isnull=False).order_by("pk").values("pk")[:1]
    ).update(slug="ai", do_not_record=True)
    document = json.loads(export(client, "pytennessee-2015", "schedule.json"))
    xml = ET.fromstring(export(client, "pytennessee-2015", "schedule.xml"))
    for day in xml.findall("day"):
        for room in day.findall("room"):
            for event in list(room):
                room.remove(event)
    events = {
        event["guid"]: (day_index, room_name, event)
        for day_index, day in enumerate(document["schedule"]["conference"]["days"], start=1)
        for room_name, room_events in day["rooms"].items()
        for event in room_events
    }
    for day_index, room_name, event in events.values():
        assert "end" not in event
        room = xml.find(f"day[@index='{day_index}']/room[@name='{room_name}']")
        _event_as_xml(room, event)
    assert xml_errors(ET_BUILD.tostring(xml)) == []
    assert len(events) == 8


def test_link_with_a_second_hash_is_escaped_and_no_trailing_empty_day(client):
    conference = ConferenceFactory(start_date=dt.date(2015, 2, 7), end_date=dt.date(2015, 2, 9))
    talk = TalkFactory(conference=conference, slug="ok")
    talk.resources.create(kind="slides", url="https://example.org/a#b#c", title="Deck")
    tz = conference.tzinfo
    slot_create(
        schedule=schedule_get_work_in_progress(conference=conference),
        talk=talk,
        room=RoomFactory(conference=conference),
        start=dt.datetime(2015, 2, 7, 10, tzinfo=tz),
        end=dt.datetime(2015, 2, 7, 11, tzinfo=tz),
    )
    schedule_release(conference=conference, version="1")
    document = json.loads(export(client, conference.slug, "schedule.json"))
    days = document["schedule"]["conference"]["days"]
    assert [day["date"] for day in days] == ["2015-02-07"]
    (event,) = days[0]["rooms"].values().__iter__().__next__()
    assert event["links"][0]["url"] == "https://example.org/a#b%23c"
    assert event["slug"].endswith("-__ok")
    xml = ET.fromstring(export(client, conference.slug, "schedule.xml"))
    assert xml.findtext("day/room/event/slug") == event["slug"]
    assert len(xml.findall("day")) == 1
