import pytest
from django.core.management import call_command

from conference.models import Conference
from talks.models import FollowUp, Resource, Schedule, Slot, Speaker, Tag, Talk

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
