"""Shapes seen in real schedule files (issue 15), each reproduced by a hand-made file:
what the file says is kept, one bad record never refuses the rest, what cannot be kept
is reported, and what cannot be right is refused."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conference.models import Conference
from talks.models import Slot, Speaker, Talk
from talks.scheduling import schedule_conflicts
from talks.services import schedule_get_work_in_progress
from tests.admin.cast import make_cast
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db

GUID_A = "11111111-1111-4111-8111-111111111111"
GUID_B = "22222222-2222-4222-8222-222222222222"
GUID_C = "33333333-3333-4333-8333-333333333333"


def run(path, *extra: str, conference: str = "shapes") -> str:
    out = io.StringIO()
    call_command("import_schedule", str(path), "--conference", conference, *extra, stdout=out)
    return out.getvalue()


def json_event(guid: str = GUID_A, **fields: object) -> dict:
    return {
        "guid": guid,
        "id": int(guid[0]),
        "date": "2024-05-04T11:30:00+01:00",
        "start": "11:30",
        "duration": "00:30",
        "room": "Hall",
        "title": f"Talk {guid[0]}",
        "type": "Talk 30 min + 10min Q&A",
        "persons": [{"name": f"Person {guid[0]}"}],
        **fields,
    }


def json_file(tmp_path, *events: dict, **head: object) -> object:
    conference = {
        "title": "Shapes",
        "acronym": "shapes",
        "start": "2024-05-04",
        "end": "2024-05-04",
        **head,
        "days": [{"index": 1, "date": "2024-05-04", "rooms": {"Hall": list(events)}}],
    }
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps({"schedule": {"version": "1.0", "conference": conference}}))
    return path


# --- one bad record never refuses the file ------------------------------------------


def test_overlap_is_imported_flagged_and_listed(tmp_path, client):
    second = json_event(GUID_B, date="2024-05-04T11:45:00+01:00", start="11:45")
    path = json_file(tmp_path, json_event(), second, json_event(GUID_C, start="15:00", date=""))
    output = run(path, "--timezone", "Europe/Brussels")
    assert Talk.objects.count() == 3
    wip = schedule_get_work_in_progress(conference=Conference.objects.get())
    assert sorted(wip.slots.values_list("talk__uuid", "clash")) == sorted(
        [(t.uuid, str(t.uuid) != GUID_C) for t in Talk.objects.all()]
    )
    assert "clash     schedule/conference/days[1]/rooms/Hall[2]" in output
    assert "overlaps “Talk 1”" in output
    clashes = [c.message for c in schedule_conflicts(schedule=wip) if c.kind == "clash"]
    assert clashes == [
        "Clash in Hall: “Talk 1” (Sat 12:30) and “Talk 2” (Sat 12:45) overlap, as the "
        "imported file had them."
    ]
    # The release made from it keeps the flag; the release preview counts the clash.
    assert Slot.objects.filter(schedule__version="1.0", clash=True).count() == 2
    cast = make_cast()
    cast.ours = Conference.objects.get(slug="shapes")
    client.force_login(cast.superuser)
    page = client.get(reverse("admin:talks_schedule_release", args=[cast.ours.pk]))
    assert page.status_code == 200
    assert "1 clash</strong>" in page.content.decode()
    # Importing the same file again changes nothing.
    again = run(path, "--timezone", "Europe/Brussels")
    assert "clash" in again
    assert wip.slots.count() == 3


def test_missing_title_skips_only_that_record(tmp_path):
    path = json_file(tmp_path, json_event(), json_event(GUID_B, title="", start="13:00"))
    output = run(path)
    assert list(Talk.objects.values_list("title", flat=True)) == ["Talk 1"]
    assert "<title> is missing or empty: event left out" in output


def test_event_ending_before_it_starts_is_left_out_and_reported(tmp_path):
    bad = json_event(GUID_B, start="13:00", date="2024-05-04T13:00:00+01:00")
    bad["end"] = "2024-05-04T12:00:00+01:00"
    output = run(json_file(tmp_path, json_event(), bad))
    assert Talk.objects.count() == 1
    assert "ends (2024-05-04T12:00:00+01:00) before it starts" in output


def test_conference_ending_before_it_starts_is_refused(tmp_path):
    path = json_file(tmp_path, json_event(), start="2024-05-04", end="2024-05-03")
    with pytest.raises(CommandError, match="ends \\(2024-05-03\\) before it starts"):
        run(path)
    assert Conference.objects.count() == 0


def test_deeply_nested_files_are_refused(tmp_path):
    xml = tmp_path / "deep.xml"
    depth = 100_000
    xml.write_text(
        "<schedule><conference><title>Deep</title></conference>"
        + "<day>" * depth
        + "</day>" * depth
        + "</schedule>"
    )
    with pytest.raises(CommandError, match="nested over 16 deep"):
        run(xml, "--timezone", "UTC")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"schedule": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(CommandError, match="nested too deeply"):
        run(deep_json, "--timezone", "UTC")
    assert Conference.objects.count() == 0


# --- time zones ------------------------------------------------------------------------


def test_offsets_in_a_file_without_zone_pick_the_matching_zone(tmp_path):
    output = run(json_file(tmp_path, json_event()))
    conference = Conference.objects.get()
    assert conference.timezone == "Etc/GMT-1"
    slot = Slot.objects.get(schedule__version="")
    assert slot.start.astimezone(conference.tzinfo).strftime("%H:%M") == "11:30"
    assert "offset +01:00, read as Etc/GMT-1" in output


def test_no_zone_and_no_offsets_is_refused_not_guessed(tmp_path):
    path = tmp_path / "pentabarf.xml"
    path.write_text(
        "<schedule><conference><title>Old</title><release>2.1</release></conference>"
        '<day index="1" date="2024-02-03"><room name="Janson"><event id="5">'
        "<start>09:30</start><duration>00:25</duration><title>Welcome</title>"
        "</event></room></day></schedule>"
    )
    with pytest.raises(CommandError, match="give --timezone"):
        run(path)
    run(path, "--timezone", "Europe/Brussels")
    slot = Slot.objects.get(schedule__version="")
    assert slot.start == dt.datetime(2024, 2, 3, 8, 30, tzinfo=dt.UTC)
    # pentabarf's <release> is the version.
    assert Conference.objects.get().schedules.released().get().version == "2.1"


def test_offsets_that_differ_are_refused(tmp_path):
    later = json_event(GUID_B, date="2024-05-04T15:00:00+02:00", start="15:00")
    with pytest.raises(CommandError, match=r"offsets differ \(\+01:00, \+02:00\)"):
        run(json_file(tmp_path, json_event(), later))


def test_day_change_of_the_file_is_the_conferences(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(
        "<schedule><version>1</version><conference><title>Late</title>"
        "<time_zone_name>Europe/Brussels</time_zone_name><day_change>09:00:00</day_change>"
        '</conference><day index="1" date="2024-02-03"><room name="Janson"><event id="5">'
        "<start>08:00</start><duration>00:25</duration><title>Night owls</title>"
        "</event></room></day></schedule>"
    )
    run(path)
    conference = Conference.objects.get()
    assert conference.day_change == dt.time(9, 0)
    # 08:00 is before the day changes: the night after 3 February.
    assert Slot.objects.get(schedule__version="").start == dt.datetime(
        2024, 2, 4, 7, 0, tzinfo=dt.UTC
    )


# --- what the file says is kept ---------------------------------------------------------


def test_opt_outs_subtitles_types_slugs_and_links_are_kept(tmp_path):
    event = json_event(
        subtitle="The sequel",
        do_not_record=True,
        slug="MJA8QY",
        links=[{"url": "  https://example.org/slides  ", "title": "Slides", "type": "slides"}],
        attachments=[{"url": "/media/deck.pdf", "title": "Deck"}, {"url": "ftp://x/y"}],
    )
    path = json_file(tmp_path, event)
    document = json.loads(path.read_text())
    document["schedule"]["base_url"] = "https://pretalx.example/conf/"
    path.write_text(json.dumps(document))
    output = run(path)
    talk = Talk.objects.get()
    assert talk.do_not_record
    assert (talk.subtitle, talk.abstract) == ("The sequel", "")
    assert (talk.kind, talk.source_type) == ("talk", "Talk 30 min + 10min Q&A")
    assert talk.slug == "mja8qy"
    assert sorted(talk.resources.values_list("url", flat=True)) == [
        "https://example.org/slides",
        "https://pretalx.example/media/deck.pdf",
    ]
    assert "link 'ftp://x/y' is not an http(s) URL: not kept" in output


def test_xml_recording_optout_is_kept(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(
        "<schedule><version>1</version><conference><title>Rec</title>"
        "<time_zone_name>Europe/Brussels</time_zone_name></conference>"
        '<day index="1" date="2024-02-03"><room name="Janson">'
        f'<event id="5" guid="{GUID_A}"><start>10:00</start><duration>00:25</duration>'
        "<title>Private</title><recording><license/><optout>true</optout></recording>"
        "</event></room></day></schedule>"
    )
    run(path)
    assert Talk.objects.get().do_not_record


# --- versions and publication --------------------------------------------------------------


def test_new_conference_is_unpublished_with_the_next_step(tmp_path):
    path = json_file(tmp_path, json_event())
    output = run(path)
    conference = Conference.objects.get()
    assert not conference.published
    assert "import again with --publish" in output
    output = run(path, "--publish")
    conference.refresh_from_db()
    assert conference.published
    assert "updated   conference shapes: published" in output


def test_file_without_version_says_how_to_release(tmp_path):
    path = json_file(tmp_path, json_event())
    document = json.loads(path.read_text())
    del document["schedule"]["version"]
    path.write_text(json.dumps(document))
    output = run(path, "--publish")
    assert "import again with --release NAME" in output
    run(path, "--release", "1.0")
    assert Conference.objects.get().schedules.released().get().version == "1.0"


# --- speakers: one normalisation ----------------------------------------------------------


def _pyvideo_event(root, name: str, speakers: list[str], duration: object = 600) -> None:
    (root / name / "videos").mkdir(parents=True)
    (root / name / "category.json").write_text(json.dumps({"title": name.title()}))
    for number, speaker in enumerate(speakers):
        record = {"title": f"{name} {number}", "speakers": [speaker], "duration": duration}
        (root / name / "videos" / f"talk-{number}.json").write_text(json.dumps(record))


def test_accents_nfd_and_dotted_i_are_one_person_across_three_runs(tmp_path):
    _pyvideo_event(tmp_path, "event-a", ["Gaël Varoquaux", "İlker Kaya"])
    _pyvideo_event(tmp_path, "event-b", ["Gael Varoquaux", "ilker kaya"])
    _pyvideo_event(tmp_path, "event-c", ["Gae\u0308l VAROQUAUX", "ILKER KAYA"])
    for _ in range(3):
        call_command("import_pyvideo", str(tmp_path), stdout=io.StringIO())
    assert Speaker.objects.count() == 2
    assert Talk.objects.count() == 6
    gael = Speaker.objects.get(name_key="gael varoquaux")
    assert gael.talks.count() == 3


def test_name_key_is_stored_and_kept_in_step(tmp_path):
    speaker = SpeakerFactory(name="Gaël  Varoquaux")
    assert speaker.name_key == "gael varoquaux"
    speaker.name = "İlker"
    speaker.save(update_fields=["name"])
    speaker.refresh_from_db()
    assert speaker.name_key == "ilker"


def test_namesakes_that_disagree_are_listed_as_possible_duplicates(tmp_path, client):
    SpeakerFactory(name="Gael Varoquaux", email="gael@one.example")
    path = json_file(
        tmp_path,
        json_event(persons=[{"name": "Gaël Varoquaux", "email": "gael@two.example"}]),
    )
    run(path)
    assert Speaker.objects.filter(name_key="gael varoquaux").count() == 2
    cast = make_cast()
    client.force_login(cast.superuser)
    page = client.get(reverse("admin:talks_speaker_changelist"), {"duplicates": "name"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 2


def test_float_durations_are_accepted_when_whole(tmp_path):
    _pyvideo_event(tmp_path, "whole", ["Ann"], duration=2223.0)
    _pyvideo_event(tmp_path, "fraction", ["Bob"], duration=2223.5)
    out = io.StringIO()
    call_command("import_pyvideo", str(tmp_path), stdout=out)
    assert Talk.objects.get(conference__slug="whole").duration == dt.timedelta(seconds=2223)
    assert Talk.objects.get(conference__slug="fraction").duration is None
    assert "duration 2223.5 is not whole seconds: not kept" in out.getvalue()


# --- iCalendar in ---------------------------------------------------------------------------

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//symposion//EN\r\nX-WR-CALNAME:PyCon X\r\n"
    "BEGIN:VEVENT\r\nUID:talk-1@pycon.example\r\nSUMMARY:Opening\r\n"
    "DTSTART;TZID=America/Chicago:20250207T093000\r\n"
    "DTEND;TZID=America/Chicago:20250207T100000\r\nLOCATION:Main Hall\r\n"
    "DESCRIPTION:First line\\nsecond line\r\nURL:https://pycon.example/talk/1/\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:talk-2@pycon.example\r\nSUMMARY:Party\r\n"
    "DTSTART;TZID=America/Chicago:20250207T190000\r\nDURATION:PT2H\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:talk-3@pycon.example\r\nSUMMARY:Backwards\r\n"
    "DTSTART;TZID=America/Chicago:20250207T120000\r\n"
    "DTEND;TZID=America/Chicago:20250207T110000\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_icalendar_is_imported_leniently(tmp_path):
    path = tmp_path / "schedule.ics"
    path.write_text(ICS, newline="")
    output = run(path, "--release", "1")
    conference = Conference.objects.get()
    assert (conference.name, conference.timezone) == ("PyCon X", "America/Chicago")
    opening = Slot.objects.get(schedule__version="1", talk__title="Opening")
    assert opening.start == dt.datetime(2025, 2, 7, 15, 30, tzinfo=dt.UTC)
    assert opening.room.name == "Main Hall"
    assert opening.talk.abstract == "First line\nsecond line"
    assert list(opening.talk.resources.values_list("url", flat=True)) == [
        "https://pycon.example/talk/1/"
    ]
    party = Slot.objects.get(schedule__version="1", talk__title="Party")
    assert party.room is None
    assert party.end - party.start == dt.timedelta(hours=2)
    assert "no LOCATION: placed in a slot spanning all rooms" in output
    assert "Backwards" not in "".join(Talk.objects.values_list("title", flat=True))
    assert "before it starts: event left out" in output
    # A second import finds the same talks by UID.
    again = run(path)
    assert "created" not in again


# --- many rooms ------------------------------------------------------------------------------


def test_grids_show_only_the_rooms_with_slots_that_day(tmp_path, client):
    from talks.scheduling import schedule_day_grid

    rooms = [{"name": f"Room {n:05d}"} for n in range(300)]
    path = json_file(tmp_path, json_event(), rooms=rooms)
    run(path, "--publish")
    conference = Conference.objects.get()
    assert conference.rooms.count() == 301
    grid = schedule_day_grid(conference=conference, day=dt.date(2024, 5, 4))
    assert [room.name for room in grid["rooms"]] == ["Hall"]
    page = client.get(f"/conferences/{conference.slug}/schedule/day/2024-05-04/")
    assert page.status_code == 200
    assert [room.name for room in page.context["grid"].rooms] == ["Hall"]
