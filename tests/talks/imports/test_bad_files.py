"""Files made by hand for each way a schedule can be unusable: a clear error naming the
element, a non-zero exit, and nothing written."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from conference.models import Conference, Room
from talks.models import Speaker, Talk

pytestmark = pytest.mark.django_db

GUID_A = "11111111-1111-4111-8111-111111111111"
GUID_B = "22222222-2222-4222-8222-222222222222"


def event_xml(guid: str = GUID_A, **fields: str) -> str:
    values = {
        "date": "2024-05-04T10:00:00+02:00",
        "start": "10:00",
        "duration": "00:30",
        "room": "Hall",
        "title": "A talk",
        "type": "talk",
        **fields,
    }
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in values.items() if v is not None)
    return (
        f'<event id="1" guid="{guid}">{inner}<persons><person id="9">Ann</person></persons></event>'
    )


def schedule_xml(events: str, *, tz: str = "Europe/Berlin", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{prolog}<schedule><version>1.0</version><conference>'
        f"<title>Handmade</title><acronym>handmade</acronym><time_zone_name>{tz}"
        "</time_zone_name></conference>"
        f'<day index="1" date="2024-05-04" start="2024-05-04T04:00:00+02:00" '
        f'end="2024-05-05T04:00:00+02:00"><room name="Hall">{events}</room></day></schedule>'
    )


def import_text(tmp_path, content: str, suffix: str = "xml") -> str:
    path = tmp_path / f"schedule.{suffix}"
    path.write_text(content)
    call_command("import_schedule", str(path), "--conference", "handmade", stdout=io.StringIO())
    return ""


def assert_refused(tmp_path, content: str, *fragments: str, suffix: str = "xml") -> None:
    with pytest.raises(CommandError) as caught:
        import_text(tmp_path, content, suffix)
    message = str(caught.value)
    assert message.startswith("Nothing imported.")
    for fragment in fragments:
        assert fragment in message
    assert Conference.objects.count() == 0
    assert Talk.objects.count() == Speaker.objects.count() == Room.objects.count() == 0


def test_xxe_external_entity_is_refused(tmp_path):
    prolog = '<!DOCTYPE schedule [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    content = schedule_xml(event_xml(title="&xxe;"), prolog=prolog)
    assert_refused(tmp_path, content, "<!DOCTYPE>", "XXE")


def test_billion_laughs_is_refused(tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">' for n in range(1, 10)
    )
    content = schedule_xml(event_xml(title="&lol9;"), prolog=f"<!DOCTYPE schedule [{entities}]>")
    assert_refused(tmp_path, content, "billion laughs")


def _overlapping_events() -> str:
    return event_xml(GUID_A, title="First") + event_xml(
        GUID_B, title="Second", date="2024-05-04T10:15:00+02:00", start="10:15"
    )


def test_overlapping_slots_in_one_room_are_refused_when_strict(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml(_overlapping_events()))
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_schedule",
            str(path),
            "--conference",
            "handmade",
            "--strict",
            stdout=io.StringIO(),
        )
    message = str(caught.value)
    assert message.startswith("Nothing imported.")
    assert "overlaps “First”" in message
    assert GUID_B in message
    assert "'Hall'" in message
    assert Conference.objects.count() == Talk.objects.count() == 0


def test_unknown_time_zone_is_refused(tmp_path):
    assert_refused(
        tmp_path, schedule_xml(event_xml(), tz="Mars/Olympus_Mons"), "time_zone_name", "Mars"
    )


def test_missing_title_is_refused_naming_the_event(tmp_path):
    assert_refused(tmp_path, schedule_xml(event_xml(title="")), "<title> is missing", GUID_A)


def test_missing_start_is_refused(tmp_path):
    content = schedule_xml(event_xml(date=None, start=None))
    assert_refused(tmp_path, content, "<start> is missing", GUID_A)


def test_malformed_duration_is_refused(tmp_path):
    assert_refused(tmp_path, schedule_xml(event_xml(duration="half an hour")), "<duration>")


def test_malformed_guid_is_refused(tmp_path):
    assert_refused(tmp_path, schedule_xml(event_xml(guid="not-a-uuid")), "is not a UUID")


def test_repeated_guid_is_refused(tmp_path):
    events = event_xml(GUID_A) + event_xml(GUID_A, date="2024-05-04T12:00:00+02:00", start="12:00")
    assert_refused(tmp_path, schedule_xml(events), f"guid {GUID_A} repeats")


def test_not_xml_at_all_is_refused(tmp_path):
    assert_refused(tmp_path, "<schedule><conference>", "not well-formed XML")


def _json_document(**event_fields: object) -> str:
    event = {
        "guid": GUID_A,
        "id": 1,
        "date": "2024-05-04T10:00:00+02:00",
        "start": "10:00",
        "duration": "00:30",
        "room": "Hall",
        "title": "A talk",
        "type": "talk",
        "persons": [{"name": "Ann"}],
        **event_fields,
    }
    day = {"index": 1, "date": "2024-05-04", "rooms": {"Hall": [event]}}
    conference = {
        "title": "Handmade",
        "acronym": "handmade",
        "time_zone_name": "Europe/Berlin",
        "days": [day],
    }
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


def test_json_wrong_types_are_refused(tmp_path):
    assert_refused(
        tmp_path, _json_document(title=42), "<title> must be text, not int", suffix="json"
    )
    assert_refused(
        tmp_path, _json_document(persons="Ann"), "<persons> must be a list", suffix="json"
    )
    assert_refused(tmp_path, _json_document(date="yesterday"), "not a date and time", suffix="json")


def test_json_missing_days_is_refused(tmp_path):
    document = json.dumps({"schedule": {"conference": {"title": "Handmade"}}})
    assert_refused(tmp_path, document, "days is missing", suffix="json")


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    from talks.interchange import imports

    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    assert_refused(tmp_path, schedule_xml(event_xml()), "over the 100-byte limit")


def test_a_good_file_beside_the_bad_ones_imports(tmp_path):
    """The baseline: the same hand-made file without a fault goes in."""
    import_text(tmp_path, schedule_xml(event_xml()))
    talk = Talk.objects.get(uuid=GUID_A)
    assert (talk.title, talk.conference.slug) == ("A talk", "handmade")


def test_lenient_details_are_skipped_and_reported(tmp_path):
    links = '<links><link href="javascript:alert(1)">bad</link><link href="https://ok.example/s">Slides</link></links>'
    event = event_xml().replace("</event>", f"{links}<persons><person/></persons></event>")
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml(event))
    out = io.StringIO()
    call_command("import_schedule", str(path), "--conference", "handmade", stdout=out)
    output = out.getvalue()
    assert "skipped   <day index=1>/<room name='Hall'>/<event id=1" in output
    assert "link 'javascript:alert(1)' is not an http(s) URL" in output
    assert list(Talk.objects.get().resources.values_list("url", flat=True)) == [
        "https://ok.example/s"
    ]


def test_conference_slug_that_is_not_a_slug_is_refused(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml(event_xml()))
    with pytest.raises(CommandError, match="conference Not a slug"):
        call_command(
            "import_schedule", str(path), "--conference", "Not a slug", stdout=io.StringIO()
        )
    assert Talk.objects.count() == 0


def test_pyvideo_bad_record_names_the_file_and_leaves_other_events(tmp_path):
    for name, record in [("good-event", '{"title": "Fine"}'), ("bad-event", '{"title": 7}')]:
        (tmp_path / name / "videos").mkdir(parents=True)
        (tmp_path / name / "category.json").write_text(f'{{"title": "{name}"}}')
        (tmp_path / name / "videos" / "talk.json").write_text(record)
    with pytest.raises(CommandError) as caught:
        call_command("import_pyvideo", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "1 of 2 events not imported" in str(caught.value)
    assert "bad-event/videos/talk.json: <title> must be text, not int" in str(caught.value)
    assert list(Conference.objects.values_list("slug", flat=True)) == ["good-event"]
