"""Import of each example file in ../shared/formats/examples/, with the report checked."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from conference.models import Conference
from talks.models import Resource, Slot, Speaker, SpeakerIdentifier, Talk
from tests.talks.formats import EXAMPLES, needs_formats

pytestmark = [pytest.mark.django_db, needs_formats]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def lines(output: str, action: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(action)]


def test_wafer_debconf23_times_are_moments_not_local_clock():
    output = run("import_schedule", str(EXAMPLES / "real/debconf23.xml"), "--conference", "dc23")
    conference = Conference.objects.get(slug="dc23")
    assert (conference.name, conference.timezone) == ("DebConf 23", "Asia/Kolkata")
    assert conference.talks.count() == 117
    opening = Slot.objects.get(talk__title="Opening Ceremony")
    # <date> is UTC (05:00Z) while <start> is local (10:30 in Kolkata): both agree.
    assert opening.start == dt.datetime(2023, 9, 10, 5, 0, tzinfo=dt.UTC)
    assert opening.start.astimezone(conference.tzinfo).strftime("%H:%M") == "10:30"
    assert opening.room.name == "Anamudi"
    assert [s.name for s in opening.talk.speakers.all()] == ["Sruthi Chandran"]
    # Every <recording><license> is reported as skipped (Hallway keeps no recording
    # licences); the 7 events whose speakers opted out keep that (and have no licence).
    skipped = lines(output, "skipped")
    assert len(skipped) == 110
    assert all("<recording><license> has no place" in line for line in skipped)
    assert conference.talks.filter(do_not_record=True).count() == 7
    assert conference.talks.get(title="Group photo").do_not_record
    # No version in the file: the work in progress holds the slots, nothing released.
    assert "the file names no version" in output
    assert not conference.schedules.released().exists()
    assert SpeakerIdentifier.objects.filter(scheme="id@debconf23.debconf.org").exists()


def test_pretalx_rc3_extra_fields_are_reported_and_release_created():
    output = run("import_schedule", str(EXAMPLES / "real/pretalx-rc3.json"), "--conference", "rc3")
    conference = Conference.objects.get(slug="rc3")
    assert conference.talks.count() == 48
    release = conference.schedules.released().get()
    assert release.version == "1.3"
    assert release.slots.count() == 48
    answers = [line for line in lines(output, "skipped") if "<answers>" in line]
    assert answers
    assert all("(guid " in line for line in answers)
    talk = Talk.objects.get(uuid="c3642671-4c1f-5109-81ba-0535c1cc8428")
    assert talk.title == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert talk.language == "de"
    assert [s.name for s in talk.speakers.order_by("talk_speakers__position")] == [
        "Chris Fiege",
        "Kasa",
    ]


def test_pretalx_democon_imports_every_event():
    output = run(
        "import_schedule",
        str(EXAMPLES / "pretalx-democon.schedule.json"),
        "--conference",
        "democon",
    )
    assert Talk.objects.filter(conference__slug="democon").count() == 36
    assert (
        Slot.objects.filter(schedule__conference__slug="democon", schedule__version="v1.1").count()
        == 36
    )
    assert len(lines(output, "created")) > 36


def test_pyvideo_tree_imports_each_event_as_a_conference():
    output = run("import_pyvideo", str(EXAMPLES / "pyvideo"))
    assert "pycon-us-2015:" in output
    assert "pytennessee-2017:" in output
    pytn = Conference.objects.get(slug="pytennessee-2017")
    assert (pytn.name, pytn.start_date) == ("PyTennessee 2017", dt.date(2017, 2, 5))
    talk = pytn.talks.get()
    assert talk.title.startswith("BDD To The Bone")
    assert talk.duration == dt.timedelta(seconds=2838)
    assert talk.language == "en"
    assert {(r.kind, r.url) for r in talk.resources.all()} == {
        (Resource.Kind.VIDEO, "https://youtu.be/H2FuJYlbzDg"),
        (Resource.Kind.CODE, "https://github.com/pviafore/BddToTheBone"),
        (
            Resource.Kind.SLIDES,
            "http://www.slideshare.net/pviafore/bdd-to-the-bone-using-behave-and-selenium-to"
            "-testdrive-web-applications",
        ),
    }
    assert set(talk.tags.values_list("slug", flat=True)) == {
        "selenium",
        "bdd",
        "behave",
        "test-driver",
    }
    assert Talk.objects.filter(conference__slug="pycon-us-2015").count() == 134
    assert not Slot.objects.filter(schedule__conference=pytn).exists()


def test_pyvideo_speakers_are_matched_across_events_by_name(tmp_path):
    run("import_pyvideo", str(EXAMPLES / "pyvideo/pytennessee-2017"))
    event = tmp_path / "pytennessee-2018"
    (event / "videos").mkdir(parents=True)
    (event / "category.json").write_text('{"title": "PyTennessee 2018"}')
    (event / "videos" / "again.json").write_text(
        '{"title": "Again", "speakers": ["Pat  Viafore"], "recorded": "2018-02-10"}'
    )
    output = run("import_pyvideo", str(event))
    assert "person 'Pat Viafore': speaker pat-viafore by name" in output
    assert Speaker.objects.filter(name="Pat Viafore").count() == 1
    assert Speaker.objects.get(name="Pat Viafore").talks.count() == 2


def test_reimport_is_idempotent_and_updates_in_place():
    path = str(EXAMPLES / "real/pretalx-rc3.json")
    run("import_schedule", path, "--conference", "rc3")
    before = (Talk.objects.count(), Speaker.objects.count(), Slot.objects.count())
    output = run("import_schedule", path, "--conference", "rc3")
    assert (Talk.objects.count(), Speaker.objects.count(), Slot.objects.count()) == before
    assert lines(output, "created") == []
    assert "release '1.3' exists already" in output
    assert len([line for line in lines(output, "matched") if "unchanged" in line]) == 48


def test_dry_run_reports_everything_and_writes_nothing():
    output = run(
        "import_schedule", str(EXAMPLES / "real/debconf23.xml"), "--conference", "dc", "--dry-run"
    )
    assert Conference.objects.count() == 0
    assert Talk.objects.count() == Speaker.objects.count() == 0
    assert "Dry run, nothing written" in output
    assert len([line for line in lines(output, "created") if "talk “" in line]) == 117
    assert "new speaker sruthi-chandran" in output
