import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Max

from conference.infrastructure.page_versions import (
    CATALOGUE,
    SITE,
    conference_scope,
    scope_versions,
)
from conference.models import Conference, Room, Track
from talks.demo.story import SCHEDULE_FILE
from talks.models import (
    FollowUp,
    Resource,
    Schedule,
    Slot,
    Speaker,
    Tag,
    Talk,
    TalkSpeaker,
    Webhook,
    WebhookDelivery,
)
from tests.talks.formats import json_errors, needs_formats

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    models = [Conference, Talk, Speaker, Tag, Schedule, Slot, Resource, FollowUp]
    return {model.__name__: model.objects.count() for model in models}


def test_loaddemo_loads_the_story_of_pytennessee_2015():
    call_command("loaddemo", verbosity=0)
    conference = Conference.objects.get(slug="pytennessee-2015")
    assert (conference.start_date.isoformat(), conference.end_date.isoformat()) == (
        "2015-02-07",
        "2015-02-08",
    )
    assert conference.timezone == "America/Chicago"
    assert conference.venue.city == "Nashville"
    keynote = conference.talks.get(kind=Talk.Kind.KEYNOTE)
    assert [s.name for s in keynote.speakers.all()] == ["Kyle Kelley"]
    for word in ("tmpnb", "JupyterHub", "Jupyter", "Docker"):
        assert word in keynote.abstract
    assert {r.title for r in keynote.resources.all()} == {
        "I <3 PyTennessee",
        "Loved the keynote: Python + Docker made tmpnb look so simple.",
    }
    followup = keynote.followups.get()
    assert (followup.name, followup.affiliation) == ("Brian J. Geiger", "Center for Open Science")
    assert set(Tag.objects.values_list("name", flat=True)) >= {
        "Python",
        "Tennessee",
        "PyTennessee",
        "Conferences",
    }
    release = conference.schedules.released().get()
    titles = {slot.display_title for slot in release.slots.select_related("talk")}
    assert {"The Glorious Food", "The Ministry of Silly Walks", keynote.title} <= titles
    assert conference.rooms.count() == 3


def test_loaddemo_twice_changes_nothing():
    call_command("loaddemo", verbosity=0)
    before = _counts()
    keynote_uuid = Talk.objects.get(kind=Talk.Kind.KEYNOTE).uuid
    call_command("loaddemo", verbosity=0)
    assert _counts() == before
    assert Talk.objects.get(kind=Talk.Kind.KEYNOTE).uuid == keynote_uuid


def test_loaddemo_large_is_deterministic(settings):
    call_command("loaddemo", size="large", verbosity=0)
    generated = Conference.objects.get(slug="gen-large-000")
    assert generated.talks.count() == 1000
    assert generated.rooms.count() == 60
    first = list(generated.talks.order_by("slug").values_list("title", "uuid")[:20])
    call_command("loaddemo", size="large", verbosity=0)
    generated = Conference.objects.get(slug="gen-large-000")
    assert list(generated.talks.order_by("slug").values_list("title", "uuid")[:20]) == first
    assert Speaker.objects.filter(slug__startswith="gen-large-").count() == 1200
    release = generated.schedules.released().get()
    assert release.slots.count() == 1000


# --- The story is a frab file, imported by the real importer; loading again is a no-op --


@needs_formats
def test_the_story_file_validates_against_the_official_schema():
    assert json_errors(SCHEDULE_FILE.read_bytes()) == []


def _state() -> dict[str, object]:
    """Everything a second load must leave alone."""
    latest = {
        model.__name__: model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Conference, Talk, Speaker, Slot, FollowUp)
    }
    return {
        "updated_at": latest,
        "rooms": list(Room.objects.order_by("pk").values()),
        "tracks": list(Track.objects.order_by("pk").values()),
        "resources": list(Resource.objects.order_by("pk").values()),
        "talk_speakers": list(TalkSpeaker.objects.order_by("pk").values()),
        "slots": list(Slot.objects.order_by("pk").values_list("pk", flat=True)),
        "history": [m.history.count() for m in (Talk, Speaker, Slot)],
        "releases": list(Schedule.objects.released().values_list("version", flat=True)),
        "deliveries": WebhookDelivery.objects.count(),
        "page_versions": scope_versions(SITE, CATALOGUE, conference_scope("pytennessee-2015")),
    }


def test_loaddemo_again_saves_no_row_announces_nothing_and_releases_nothing(
    django_capture_on_commit_callbacks,
):
    call_command("loaddemo", "--accounts", verbosity=0)
    conference = Conference.objects.get(slug="pytennessee-2015")
    Webhook.objects.create(conference=conference, url="https://hooks.example.org/hallway")
    before = _state()
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("loaddemo", "--accounts", verbosity=0)
    assert _state() == before
    assert callbacks == []  # no page-cache bump and no webhook queued after commit
    assert before["releases"] == ["1.0"]


def _story_document() -> dict:
    return json.loads(SCHEDULE_FILE.read_text())


def _events(document: dict) -> list[dict]:
    days = document["schedule"]["conference"]["days"]
    return [event for day in days for events in day["rooms"].values() for event in events]


def _import(tmp_path, document: dict, *args: str) -> str:
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document))
    out = io.StringIO()
    call_command(
        "import_schedule", str(path), "--conference", "pytennessee-2015", *args, stdout=out
    )
    return out.getvalue()


def test_reimport_with_one_changed_title_changes_exactly_that_talk(tmp_path):
    call_command("loaddemo", verbosity=0)
    conference = Conference.objects.get(slug="pytennessee-2015")
    Webhook.objects.create(conference=conference, url="https://hooks.example.org/hallway")
    talks_before = dict(Talk.objects.values_list("slug", "updated_at"))
    history_before = Talk.history.count()
    state_before = _state()
    document = _story_document()
    event = next(e for e in _events(document) if e["slug"].endswith("-testing-without-tears"))
    event["title"] = "Testing Without Any Tears"

    output = _import(tmp_path, document)

    assert "talk “Testing Without Any Tears”: title" in output
    talks_after = dict(Talk.objects.values_list("slug", "updated_at"))
    changed = {slug for slug, at in talks_after.items() if talks_before[slug] != at}
    assert changed == {"testing-without-tears"}
    assert Talk.objects.get(slug="testing-without-tears").title == "Testing Without Any Tears"
    deliveries = WebhookDelivery.objects.filter(event="talk.changed")
    assert [(d.payload["talk"]["title"], d.payload["change"]) for d in deliveries] == [
        ("Testing Without Any Tears", "updated")
    ]
    state_after = _state()
    for unchanged in ("rooms", "tracks", "resources", "talk_speakers", "slots", "releases"):
        assert state_after[unchanged] == state_before[unchanged], unchanged
    assert Talk.history.count() == history_before  # bulk writes: the release records them
    assert "release '1.0' exists already" in output


def test_reimport_releases_a_new_version_only_when_something_changed(tmp_path):
    call_command("loaddemo", verbosity=0)
    document = _story_document()
    output = _import(tmp_path, document, "--release", "1.1")
    assert "nothing changed since the latest release" in output
    assert list(Schedule.objects.released().values_list("version", flat=True)) == ["1.0"]

    _events(document)[0]["title"] = "Building Services with Docker and Python, again"
    output = _import(tmp_path, document, "--release", "1.1")
    assert "created   schedule of pytennessee-2015: release '1.1'" in output
    release = Schedule.objects.get(version="1.1")
    assert [e["type"] for e in release.changelog if e["type"] != "snapshot"] == ["renamed"]
