"""Export → import into an empty database → export gives the same document."""

import io
import json

import pytest
from django.core.management import call_command

from conference.models import Conference, Series, Venue
from talks.models import Resource, Speaker, Tag, Talk

pytestmark = pytest.mark.django_db

URL = "/conferences/{slug}/schedule/export/{name}"


def _essence(document: bytes) -> dict:
    """What the round trip must keep: guids, times, rooms, persons, titles, days, version."""
    schedule = json.loads(document)["schedule"]
    conference = schedule["conference"]
    return {
        "version": schedule["version"],
        "title": conference["title"],
        "time_zone_name": conference.get("time_zone_name"),
        "rooms": [room["name"] for room in conference["rooms"]],
        "days": [(d["date"], d["day_start"], d["day_end"]) for d in conference["days"]],
        "events": sorted(
            (
                event["guid"],
                event["date"],
                event["duration"],
                event["room"],
                event["title"],
                event["slug"],
                event["track"],
                event["type"],
                tuple((p["guid"], p["name"]) for p in event["persons"]),
                tuple(link["url"] for link in event["links"]),
            )
            for day in conference["days"]
            for events in day["rooms"].values()
            for event in events
        ),
    }


def _empty_the_database() -> None:
    Conference.objects.all().delete()
    Speaker.objects.all().delete()
    Tag.objects.all().delete()
    Series.objects.all().delete()
    Venue.objects.all().delete()


@pytest.mark.parametrize("name", ["schedule.json", "schedule.xml"])
def test_round_trip_keeps_the_document(client, tmp_path, name):
    call_command("loaddemo", verbosity=0)
    before = client.get(URL.format(slug="pytennessee-2015", name="schedule.json")).content
    exported = client.get(URL.format(slug="pytennessee-2015", name=name)).content
    path = tmp_path / name
    path.write_bytes(exported)
    _empty_the_database()
    assert Conference.objects.count() == 0

    out = io.StringIO()
    call_command(
        "import_schedule", str(path), "--conference", "pytennessee-2015", "--publish", stdout=out
    )
    assert "created   schedule of pytennessee-2015: release '1.0'" in out.getvalue()
    after = client.get(URL.format(slug="pytennessee-2015", name="schedule.json")).content
    assert _essence(after) == _essence(before)
    assert len(_essence(after)["events"]) == 8


def _decorate_demo() -> None:
    """The shapes a round trip used to change: CRLF in text, a 2-letter slug, a subtitle,
    the source's own type, an opt-out from recording, a link with a second "#"."""
    talks = Talk.objects.filter(conference__slug="pytennessee-2015", slots__isnull=False)
    first, second = talks.order_by("title")[:2]
    Talk.objects.filter(pk=first.pk).update(
        slug="ai",
        abstract="Line one\r\nLine two",
        subtitle="A subtitle",
        source_type="Talk 30 min + Q&A",
        do_not_record=True,
    )
    Resource.objects.create(
        talk=second, kind=Resource.Kind.SLIDES, url="https://example.org/deck#p1#note"
    )


@pytest.mark.parametrize("name", ["schedule.json", "schedule.xml"])
def test_round_trip_gives_the_identical_document(client, tmp_path, name):
    call_command("loaddemo", verbosity=0)
    _decorate_demo()
    before = client.get(URL.format(slug="pytennessee-2015", name=name)).content
    path = tmp_path / name
    path.write_bytes(before)
    _empty_the_database()

    call_command(
        "import_schedule",
        str(path),
        "--conference",
        "pytennessee-2015",
        "--publish",
        stdout=io.StringIO(),
    )
    after = client.get(URL.format(slug="pytennessee-2015", name=name)).content
    assert after.decode() == before.decode()
    talk = Talk.objects.get(slug="ai")
    assert (talk.abstract, talk.subtitle, talk.source_type, talk.do_not_record) == (
        "Line one\r\nLine two",
        "A subtitle",
        "Talk 30 min + Q&A",
        True,
    )
    assert "#p1%23note" in before.decode()
