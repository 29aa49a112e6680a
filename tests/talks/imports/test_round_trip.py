"""Export → import into an empty database → export gives the same document."""

import io
import json

import pytest
from django.core.management import call_command

from conference.models import Conference, Series, Venue
from talks.models import Speaker, Tag

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
