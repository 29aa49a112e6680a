"""Re-imports update rather than duplicate; speakers are matched across conferences."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from talks.models import Slot, Speaker, SpeakerIdentifier, Talk
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

PENTABARF = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>FOSDEM 2024</title><start>2024-02-03</start><end>2024-02-04</end>
    <days>2</days><day_change>09:00:00</day_change><timeslot_duration>00:05:00</timeslot_duration>
  </conference>
  <day index="1" date="2024-02-03">
    <room name="Janson">
      <event id="15118">
        <start>09:30</start><duration>00:25</duration><room>Janson</room>
        <slug>keynotes_welcome</slug><title>Welcome to FOSDEM 2024</title><subtitle/>
        <track>Keynotes</track><type>keynote</type><language/><abstract>Hello</abstract>
        <description/>
        <persons><person id="6">FOSDEM Staff</person></persons>
        <links><link href="https://video.fosdem.org/2024/janson/welcome.webm">Video</link></links>
      </event>
      {second}
    </room>
  </day>
</schedule>
"""
SECOND = """<event id="15119"><start>10:00</start><duration>00:50:00</duration><room>Janson</room>
  <slug>keynotes_second</slug><title>Second keynote</title><track>Keynotes</track>
  <type>keynote</type><abstract/><persons><person id="7">Ann Author</person></persons></event>"""


def run(path, slug: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("import_schedule", str(path), "--conference", slug, *extra, stdout=out)
    return out.getvalue()


def test_pentabarf_shape_without_guid_date_or_zone(tmp_path):
    path = tmp_path / "fosdem.xml"
    path.write_text(PENTABARF.replace("{second}", SECOND))
    output = run(path, "fosdem-2024", "--timezone", "Europe/Brussels", "--release", "1")
    welcome = Slot.objects.get(talk__title="Welcome to FOSDEM 2024", schedule__version="1")
    assert welcome.start == dt.datetime(2024, 2, 3, 8, 30, tzinfo=dt.UTC)  # 09:30 Brussels
    assert welcome.end - welcome.start == dt.timedelta(minutes=25)
    assert welcome.talk.kind == "keynote"
    assert welcome.talk.resources.get().kind == "other"
    assert "created   schedule of fosdem-2024: release '1'" in output
    first_uuids = set(Talk.objects.values_list("uuid", flat=True))
    # No guid in the file: the derived key finds the same talks again.
    again = run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    assert set(Talk.objects.values_list("uuid", flat=True)) == first_uuids
    assert "created" not in again.replace("created   schedule", "")


def test_talk_gone_from_the_file_is_cancelled_not_deleted(tmp_path):
    path = tmp_path / "fosdem.xml"
    path.write_text(PENTABARF.replace("{second}", SECOND))
    run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    path.write_text(PENTABARF.replace("{second}", ""))
    output = run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    second = Talk.objects.get(title="Second keynote")
    assert second.state == Talk.State.CANCELLED
    assert "cancelled" in output
    assert "“Second keynote” is no longer in the file" in output
    assert not Slot.objects.filter(talk=second, schedule__version="").exists()
    # It comes back confirmed when the file lists it again.
    path.write_text(PENTABARF.replace("{second}", SECOND))
    run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    second.refresh_from_db()
    assert second.state == Talk.State.CONFIRMED


def _json_file(tmp_path, name: str, persons: list[dict], guid: str) -> str:
    event = {
        "guid": guid,
        "id": 1,
        "date": "2024-05-04T10:00:00+02:00",
        "start": "10:00",
        "duration": "00:30",
        "room": "Hall",
        "title": f"Talk at {name}",
        "type": "talk",
        "persons": persons,
    }
    day = {"index": 1, "date": "2024-05-04", "rooms": {"Hall": [event]}}
    document = {
        "schedule": {
            "version": "1",
            "base_url": f"https://{name}.example.org/",
            "conference": {"title": name, "time_zone_name": "Europe/Berlin", "days": [day]},
        }
    }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_speakers_match_across_conferences_by_guid(tmp_path):
    person_guid = "33333333-3333-4333-8333-333333333333"
    first = _json_file(
        tmp_path,
        "alpha",
        [{"name": "Ann Author", "guid": person_guid}],
        f"{'a' * 8}-1111-4111-8111-111111111111",
    )
    second = _json_file(
        tmp_path,
        "beta",
        [{"name": "Ann B. Author", "guid": person_guid}],
        f"{'b' * 8}-1111-4111-8111-111111111111",
    )
    run(first, "alpha")
    output = run(second, "beta")
    assert "person 'Ann B. Author': speaker ann-author by id" in output
    speaker = Speaker.objects.get()
    assert speaker.talks.count() == 2
    assert SpeakerIdentifier.objects.get(scheme="guid").value == person_guid


def test_speakers_match_by_name_unless_links_disagree(tmp_path):
    SpeakerFactory(name="Zoë Example", slug="zoe-example", website="https://zoe.example.org")
    agreeing = _json_file(
        tmp_path,
        "gamma",
        [{"name": "ZOË  example", "url": "https://zoe.example.org/"}],
        f"{'c' * 8}-1111-4111-8111-111111111111",
    )
    output = run(agreeing, "gamma")
    assert "speaker zoe-example by name" in output
    disagreeing = _json_file(
        tmp_path,
        "delta",
        [{"name": "Zoë Example", "url": "https://another.example.net/"}],
        f"{'d' * 8}-1111-4111-8111-111111111111",
    )
    output = run(disagreeing, "delta")
    assert "new speaker zoe-example-" in output
    assert Speaker.objects.filter(name__icontains="example").count() == 2


def test_reimport_with_changes_updates_the_same_talk(tmp_path):
    path = tmp_path / "fosdem.xml"
    path.write_text(PENTABARF.replace("{second}", SECOND))
    run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    talk = Talk.objects.get(title="Second keynote")
    changed = SECOND.replace("Second keynote", "Second keynote, renamed").replace(
        "<track>Keynotes</track>", "<track>Main track</track>"
    )
    path.write_text(PENTABARF.replace("{second}", changed))
    output = run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    assert "talk “Second keynote, renamed”: title, track" in output
    talk.refresh_from_db()
    assert (talk.title, talk.track.name) == ("Second keynote, renamed", "Main track")
    assert Talk.objects.count() == 2


def test_hand_made_breaks_stay_unless_an_imported_talk_takes_their_place(tmp_path):
    from talks.services import schedule_get_work_in_progress, slot_create

    path = tmp_path / "fosdem.xml"
    path.write_text(PENTABARF.replace("{second}", ""))
    run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    conference = Talk.objects.get().conference
    wip = schedule_get_work_in_progress(conference=conference)
    janson = conference.rooms.get(name="Janson")
    at = dt.datetime(2024, 2, 3, 9, 0, tzinfo=dt.UTC)  # 10:00 Brussels
    slot_create(
        schedule=wip, room=janson, title="Coffee", start=at, end=at + dt.timedelta(minutes=20)
    )
    slot_create(
        schedule=wip,
        title="Lunch",
        start=at + dt.timedelta(hours=3),
        end=at + dt.timedelta(hours=4),
    )
    path.write_text(PENTABARF.replace("{second}", SECOND))  # 10:00-10:50 in Janson
    output = run(path, "fosdem-2024", "--timezone", "Europe/Brussels")
    assert "cancelled break 'Coffee': overlaps" in output
    assert list(wip.slots.filter(talk__isnull=True).values_list("title", flat=True)) == ["Lunch"]
