"""CSV export and import: a preview, errors by row, and nothing written when a row is bad."""

import datetime as dt
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talks.interchange.csv_transfer import export_csv, import_csv
from talks.models import Slot, Speaker, Talk
from talks.services import schedule_get_work_in_progress
from tests.factories import (
    FollowUpFactory,
    RoomFactory,
    SlotFactory,
    SpeakerFactory,
    TagFactory,
    TalkFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def test_export_then_import_round_trips_talks_speakers_and_slots(cast):
    ada = SpeakerFactory(slug="ada", name="Ada", email="ada-private@example.org")
    grace = SpeakerFactory(slug="grace", name="=HYPERLINK(evil)")
    TrackFactory(conference=cast.ours, slug="data")
    TagFactory(slug="python")
    talk = TalkFactory(
        conference=cast.ours,
        slug="pipelines",
        title="Pipelines",
        speakers=[grace, ada],
        duration=dt.timedelta(minutes=30),
    )
    talk.tags.set([TagFactory(slug="data")])
    SlotFactory(
        schedule=schedule_get_work_in_progress(conference=cast.ours),
        room=RoomFactory(conference=cast.ours, name="Hall"),
        talk=talk,
    )
    FollowUpFactory(talk=talk, email="attendee-private@example.net")
    exported = {k: export_csv(conference=cast.ours, kind=k) for k in ("speakers", "talks", "slots")}
    assert "private@example" not in "".join(exported.values())
    assert "'=HYPERLINK(evil)" in exported["speakers"]  # not run as a formula
    assert "grace;ada" in exported["talks"]
    assert "pipelines,,Hall,2015-02-07 09:00,2015-02-07 09:45" in exported["slots"]

    for kind in ("speakers", "talks", "slots"):
        report = import_csv(
            conference=cast.ours, kind=kind, text=exported[kind], user=cast.organizer, commit=True
        )
        assert report.ok, report
        assert {r.action for r in report.rows} == {"update"}
    grace.refresh_from_db()
    assert grace.name == "=HYPERLINK(evil)"
    assert [
        s.slug for s in Talk.objects.get(pk=talk.pk).speakers.order_by("talk_speakers__position")
    ] == [
        "grace",
        "ada",
    ]


SPEAKERS_WITH_TWO_BAD_ROWS = """slug,name,affiliation,website,email
new-one,New One,Org,https://one.example.org,one@example.org
bad slug!,Broken,,,
new-two,New Two,,not-a-url,
"""


def test_import_with_bad_rows_writes_nothing_and_names_the_rows(cast):
    report = import_csv(
        conference=cast.ours,
        kind="speakers",
        text=SPEAKERS_WITH_TWO_BAD_ROWS,
        user=cast.organizer,
        commit=True,
    )
    assert not report.ok
    assert not report.committed
    assert [r.line for r in report.bad_rows] == [3, 4]
    assert any(e.startswith("slug:") for e in report.bad_rows[0].errors)
    assert any(e.startswith("website:") for e in report.bad_rows[1].errors)
    assert not Speaker.objects.exists()


def test_slot_import_checks_rows_against_each_other_and_the_days(cast):
    RoomFactory(conference=cast.ours, name="Hall")
    for slug in ("a", "b", "c"):
        TalkFactory(conference=cast.ours, slug=slug)
    text = (
        "talk,title,room,start,end\n"
        "a,,Hall,2015-02-07 09:00,2015-02-07 10:00\n"
        "b,,Hall,2015-02-07 09:30,2015-02-07 10:30\n"
        "c,,Hall,2015-03-01 09:00,2015-03-01 10:00\n"
        ",Lunch,,2015-02-07 12:00,2015-02-07 13:00\n"
        "zzz,,Nowhere,7 Feb,2015-02-07 10:00\n"
    )
    report = import_csv(
        conference=cast.ours, kind="slots", text=text, user=cast.organizer, commit=True
    )
    assert [r.line for r in report.bad_rows] == [3, 4, 6]
    assert "Hall is taken" in report.bad_rows[0].errors[0]
    assert "outside its days" in report.bad_rows[1].errors[0]
    assert "no talk “zzz”" in report.bad_rows[2].errors[0]
    assert not Slot.objects.exists()


def test_import_refuses_a_file_with_unknown_or_missing_columns(cast):
    report = import_csv(
        conference=cast.ours,
        kind="talks",
        text="slug,colour\nx,red\n",
        user=cast.organizer,
        commit=True,
    )
    assert report.errors == ["Missing column(s): title.", "Unknown column(s): colour."]


def test_import_cannot_rewrite_a_speaker_of_another_conference(cast):
    shared = SpeakerFactory(slug="shared", name="Shared")
    TalkFactory(conference=cast.theirs, speakers=[shared])
    report = import_csv(
        conference=cast.ours,
        kind="speakers",
        text="slug,name\nshared,Hijacked\n",
        user=cast.organizer,
        commit=True,
    )
    assert "conferences you do not organize" in report.bad_rows[0].errors[0]
    shared.refresh_from_db()
    assert shared.name == "Shared"


@pytest.mark.postgres
def test_database_constraint_refusal_becomes_a_row_error(cast, monkeypatch):
    # Even if validation missed an overlap, PostgreSQL's exclusion constraint refuses it
    # and the importer reports the row instead of failing.
    monkeypatch.setattr(Slot, "clean", lambda self: None)
    RoomFactory(conference=cast.ours, name="Hall")
    text = (
        "talk,title,room,start,end\n"
        ",Coffee,Hall,2015-02-07 09:00,2015-02-07 10:00\n"
        ",Tea,Hall,2015-02-07 09:30,2015-02-07 10:30\n"
    )
    report = import_csv(
        conference=cast.ours, kind="slots", text=text, user=cast.organizer, commit=True
    )
    assert [r.line for r in report.bad_rows] == [3]
    assert report.bad_rows[0].errors == ["Refused by the database (it clashes with another row)."]
    assert not Slot.objects.exists()


def _upload(client, conference, kind, text, **extra):
    return client.post(
        reverse("admin:talks_talk_csv", args=[conference.pk]),
        {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", text.encode()), **extra},
    )


def test_admin_import_previews_then_writes_on_confirmation(client, cast):
    client.force_login(cast.organizer)
    text = "slug,name,email\nnew-one,New One,one@example.org\n"
    preview = _upload(client, cast.ours, "speakers", text)
    assert preview.status_code == 200
    assert "Nothing is written until you confirm" in preview.text
    assert not Speaker.objects.exists()
    confirmed = client.post(
        reverse("admin:talks_talk_csv", args=[cast.ours.pk]),
        {"kind": "speakers", "text": preview.context["text"], "confirm": "1"},
    )
    assert confirmed.status_code == 200
    assert (Speaker.objects.get().name, Speaker.objects.get().email) == (
        "New One",
        "one@example.org",
    )


def test_admin_import_of_a_bad_file_answers_400_with_the_rows(client, cast):
    client.force_login(cast.organizer)
    response = _upload(client, cast.ours, "speakers", SPEAKERS_WITH_TWO_BAD_ROWS, confirm="1")
    assert response.status_code == 400
    assert "2 rows are refused; nothing was written." in response.text
    assert not Speaker.objects.exists()
    not_utf8 = client.post(
        reverse("admin:talks_talk_csv", args=[cast.ours.pk]),
        {
            "kind": "speakers",
            "file": SimpleUploadedFile("x.csv", "slug,name\nü,x\n".encode("latin-1")),
        },
    )
    assert not_utf8.status_code == 400
    assert "not UTF-8" in not_utf8.text


def test_volunteer_exports_but_cannot_import(client, cast):
    client.force_login(cast.volunteer)
    export = client.get(reverse("admin:talks_talk_csv_export", args=[cast.ours.pk, "talks"]))
    assert export.status_code == 200
    assert export["Content-Disposition"] == 'attachment; filename="pytn-2015-talks.csv"'
    assert _upload(client, cast.ours, "speakers", "slug,name\nx,X\n").status_code == 403
    assert not Speaker.objects.exists()


def test_other_organizer_cannot_import_into_our_conference(client, cast):
    client.force_login(cast.other_organizer)
    response = _upload(client, cast.ours, "speakers", "slug,name\nx,X\n", confirm="1")
    assert response.status_code == 404
    assert not Speaker.objects.exists()
