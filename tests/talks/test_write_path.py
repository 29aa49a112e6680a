"""One write path: every writer of talks and slots reaches the same services, so each
write is validated alike, announced once after commit, and refused alike."""

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from conference.services import DeleteRefused
from talks import services
from talks.interchange.csv_transfer import import_csv
from talks.interchange.imports import parse_schedule_json, schedule_import
from talks.models import FollowUp, Slot, Speaker, Talk, TalkSpeaker, Webhook, WebhookDelivery
from talks.services import schedules as schedule_services
from talks.services import talks as talk_services
from tests.api.conftest import client_for
from tests.factories import (
    ConferenceFactory,
    FollowUpFactory,
    OrganizerMembershipFactory,
    RoomFactory,
    SlotFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world() -> dict[str, Any]:
    conference = ConferenceFactory(slug="pytn", timezone="America/Chicago")
    organizer = UserFactory(username="organizer", is_staff=True)
    OrganizerMembershipFactory(conference=conference, user=organizer)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    Webhook.objects.create(conference=conference, url="https://hooks.example.org/hallway")
    return {"conference": conference, "organizer": organizer, "superuser": superuser}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Wraps the talk services' validation, announcement and delete rule. Every writer
    reaches them through talk_save / talks_import_bulk / talk_delete, which look them up
    in talks.services at call time."""
    calls: dict[str, list[Any]] = {"validate": [], "announce": [], "delete": []}
    validate, announce = services.talk_validate, services.talks_announce
    refusals = services.talk_delete_refusals

    def spy_validate(talk: Talk, **kwargs: Any) -> None:
        calls["validate"].append(talk.title)
        validate(talk, **kwargs)

    def spy_announce(*, conference: Any, changes: list[tuple[Talk, str]]) -> None:
        calls["announce"].extend((talk.title, change) for talk, change in changes)
        announce(conference=conference, changes=changes)

    def spy_refusals(*, talk: Talk, user: Any) -> list[str]:
        calls["delete"].append(talk.title)
        return refusals(talk=talk, user=user)

    monkeypatch.setattr(talk_services, "talk_validate", spy_validate)
    monkeypatch.setattr(talk_services, "talks_announce", spy_announce)
    monkeypatch.setattr(talk_services, "talk_delete_refusals", spy_refusals)
    return calls


def _announced(conference: Any) -> list[tuple[str, str]]:
    """(title, change) of the conference's "talk.changed" deliveries, oldest first."""
    return [
        (d.payload["talk"]["title"], d.payload["change"])
        for d in WebhookDelivery.objects.filter(
            webhook__conference=conference, event="talk.changed"
        ).order_by("pk")
    ]


def _deliveries(callbacks: list[Any]) -> list[Any]:
    """The on-commit callbacks that send a webhook delivery."""
    return [c for c in callbacks if "delivery_id" in getattr(c, "keywords", {})]


def _admin_talk_form(conference: Any, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "conference": conference.pk,
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "kind": "talk",
        "state": "confirmed",
        "language": "en",
        "talk_speakers-TOTAL_FORMS": "0",
        "talk_speakers-INITIAL_FORMS": "0",
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
        **extra,
    }


def _frab_document(title: str, day: str = "2015-02-07") -> dict[str, Any]:
    event = {
        "guid": "44444444-4444-4444-8444-444444444444",
        "date": f"{day}T10:00:00-06:00",
        "duration": "00:30",
        "room": "Hall",
        "title": title,
    }
    return {
        "schedule": {
            "version": "",
            "conference": {"title": "PyTN", "days": [{"date": day, "rooms": {"Hall": [event]}}]},
        }
    }


# --- Slots: slot_update validates like slot_create --------------------------------------


def test_patching_a_slot_outside_the_conference_days_is_refused_and_changes_nothing(world):
    conference = world["conference"]
    slot = SlotFactory(schedule=services.schedule_get_work_in_progress(conference=conference))
    before = (slot.start, slot.end)
    later = dt.datetime(2015, 3, 1, 9, 0, tzinfo=conference.tzinfo)
    response = client_for(world["organizer"]).patch(
        f"/api/v1/conferences/pytn/slots/{slot.pk}/",
        {"start": later.isoformat(), "end": (later + dt.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert "falls outside its days" in body["errors"]["start"][0]
    slot.refresh_from_db()
    assert (slot.start, slot.end) == before


def test_slot_update_and_slot_create_share_one_validation(world, monkeypatch):
    conference = world["conference"]
    schedule = services.schedule_get_work_in_progress(conference=conference)
    seen: list[Slot] = []
    validate = services.slot_validate
    monkeypatch.setattr(
        schedule_services, "slot_validate", lambda slot: seen.append(slot) or validate(slot)
    )
    start = dt.datetime(2015, 2, 7, 9, 0, tzinfo=conference.tzinfo)
    slot = services.slot_create(
        schedule=schedule, title="Lunch", start=start, end=start + dt.timedelta(hours=1)
    )
    services.slot_update(slot=slot, fields={"end": start + dt.timedelta(hours=2)})
    assert seen == [slot, slot]


# --- talk.changed: once per talk per write, sent after commit ---------------------------


def test_api_create_and_update_announce_talk_changed_after_commit(
    world, django_capture_on_commit_callbacks
):
    client = client_for(world["organizer"])
    with django_capture_on_commit_callbacks() as sent:
        response = client.post(
            "/api/v1/conferences/pytn/talks/", {"title": "Hooked"}, format="json"
        )
    assert response.status_code == 201, response.content
    assert _announced(world["conference"]) == [("Hooked", "created")]
    assert len(_deliveries(sent)) == 1  # queued for after commit, not sent before
    with django_capture_on_commit_callbacks() as sent:
        response = client.patch(
            "/api/v1/conferences/pytn/talks/hooked/",
            {"state": "cancelled", "cancellation_note": "Ill."},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert _announced(world["conference"])[1:] == [("Hooked", "cancelled")]
    assert len(_deliveries(sent)) == 1


def test_admin_add_and_change_announce_talk_changed_once(client, world):
    conference = world["conference"]
    speaker = SpeakerFactory()
    client.force_login(world["organizer"])
    form = _admin_talk_form(
        conference,
        "Admin talk",
        **{
            "talk_speakers-TOTAL_FORMS": "1",
            "talk_speakers-0-position": "0",
            "talk_speakers-0-speaker": speaker.pk,
        },
    )
    response = client.post(reverse("admin:talks_talk_add"), form)
    assert response.status_code == 302, response.context and response.context["errors"]
    talk = conference.talks.get(slug="admin-talk")
    assert [s.pk for s in talk.speakers.all()] == [speaker.pk]
    assert _announced(conference) == [("Admin talk", "created")]
    form = _admin_talk_form(
        conference,
        "Admin talk renamed",
        slug="admin-talk",
        **{
            "talk_speakers-TOTAL_FORMS": "1",
            "talk_speakers-INITIAL_FORMS": "1",
            "talk_speakers-0-id": TalkSpeaker.objects.get(talk=talk).pk,
            "talk_speakers-0-talk": talk.pk,
            "talk_speakers-0-position": "0",
            "talk_speakers-0-speaker": speaker.pk,
        },
    )
    response = client.post(reverse("admin:talks_talk_change", args=[talk.pk]), form)
    assert response.status_code == 302
    assert _announced(conference)[1:] == [("Admin talk renamed", "updated")]


def test_csv_import_announces_each_talk_row_and_a_preview_nothing(world):
    conference = world["conference"]
    text = "slug,title\nfirst,First talk\nsecond,Second talk\n"
    preview = import_csv(
        conference=conference, kind="talks", text=text, user=world["organizer"], commit=False
    )
    assert preview.ok
    assert not preview.committed
    assert _announced(conference) == []
    report = import_csv(
        conference=conference, kind="talks", text=text, user=world["organizer"], commit=True
    )
    assert report.committed
    assert _announced(conference) == [("First talk", "created"), ("Second talk", "created")]


def test_frab_import_announces_each_talk_once(world):
    conference = world["conference"]
    parsed = parse_schedule_json(json.dumps(_frab_document("Frab talk")).encode())
    schedule_import(parsed=parsed, conference_slug="pytn")
    assert _announced(conference) == [("Frab talk", "created")]
    parsed = parse_schedule_json(json.dumps(_frab_document("Frab talk, renamed")).encode())
    schedule_import(parsed=parsed, conference_slug="pytn")
    assert _announced(conference)[1:] == [("Frab talk, renamed", "updated")]


def test_frab_import_refuses_a_slot_outside_the_conference_days(world):
    from talks.interchange.imports import ImportFailed

    parsed = parse_schedule_json(json.dumps(_frab_document("Too late", "2015-03-01")).encode())
    with pytest.raises(ImportFailed, match="outside its days"):
        schedule_import(parsed=parsed, conference_slug="pytn")
    assert not world["conference"].talks.exists()


# --- Every writer reaches the same services ---------------------------------------------


def _pyvideo_event(root: Path) -> Path:
    folder = root / "pyvideo-2015"
    (folder / "videos").mkdir(parents=True)
    (folder / "category.json").write_text(json.dumps({"title": "PyVideo 2015"}))
    video = {"title": "Pyvideo talk", "speakers": ["Ada Example"], "recorded": "2015-02-07"}
    (folder / "videos" / "pyvideo-talk.json").write_text(json.dumps(video))
    return folder


def test_every_writer_reaches_the_talk_services(client, world, spy, tmp_path):
    conference, organizer = world["conference"], world["organizer"]
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}

    def wrote(title: str, change: str) -> bool:
        found = title in spy["validate"] and (title, change) in spy["announce"]
        spy["validate"].clear()
        spy["announce"].clear()
        return found

    api = client_for(organizer)
    assert api.post("/api/v1/conferences/pytn/talks/", {"title": "Via API"}).status_code == 201
    assert wrote("Via API", "created")

    client.force_login(organizer)
    response = client.post(reverse("admin:talks_talk_add"), _admin_talk_form(conference, "Admin"))
    assert response.status_code == 302
    assert wrote("Admin", "created")
    talk = conference.talks.get(slug="admin")
    response = client.post(
        reverse("admin:talks_talk_change", args=[talk.pk]),
        _admin_talk_form(conference, "Admin changed", slug="admin"),
    )
    assert response.status_code == 302
    assert wrote("Admin changed", "updated")
    response = client.post(reverse("admin:talks_talk_delete", args=[talk.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert spy["delete"] == ["Admin changed"]  # talk_delete asked its rule

    import_csv(
        conference=conference,
        kind="talks",
        text="slug,title\nvia-csv,Via CSV\n",
        user=organizer,
        commit=True,
    )
    assert wrote("Via CSV", "created")

    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(_frab_document("Via frab")))
    call_command("import_schedule", str(path), "--conference", "pytn", **quiet)
    assert wrote("Via frab", "created")

    call_command("import_pyvideo", str(_pyvideo_event(tmp_path)), **quiet)
    assert wrote("Pyvideo talk", "created")

    call_command("loaddemo", verbosity=0, **quiet)
    assert wrote("Building Services with Docker and Python", "created")


# --- Deletes that would lose attendees' follow-ups --------------------------------------


def test_api_delete_of_a_talk_with_followups_is_a_409_and_loses_nothing(world):
    talk = TalkFactory(conference=world["conference"], slug="asked")
    followups = FollowUpFactory.create_batch(2, talk=talk)
    response = client_for(world["organizer"]).delete("/api/v1/conferences/pytn/talks/asked/")
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}
    assert (body["status"], body["code"], body["errors"]) == (409, "conflict", {})
    assert "cancel it instead" in body["message"]
    assert Talk.objects.filter(pk=talk.pk).exists()
    assert FollowUp.objects.filter(pk__in=[f.pk for f in followups]).count() == 2


def test_api_delete_of_a_talk_without_followups_still_works(world):
    TalkFactory(conference=world["conference"], slug="quiet")
    response = client_for(world["organizer"]).delete("/api/v1/conferences/pytn/talks/quiet/")
    assert response.status_code == 204
    assert not Talk.objects.filter(slug="quiet").exists()


def test_admin_delete_of_a_talk_with_followups_organizer_refused_superuser_allowed(client, world):
    talk = TalkFactory(conference=world["conference"])
    followup = FollowUpFactory(talk=talk)
    url = reverse("admin:talks_talk_delete", args=[talk.pk])
    client.force_login(world["organizer"])
    response = client.post(url, {"post": "yes"})
    assert response.status_code in (200, 403)  # refused: the confirmation page, or denied
    assert Talk.objects.filter(pk=talk.pk).exists()
    assert FollowUp.objects.filter(pk=followup.pk).exists()
    # Staff may (their confirmation page lists the follow-ups that go with it).
    client.force_login(world["superuser"])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Talk.objects.filter(pk=talk.pk).exists()


def test_admin_delete_selected_talks_with_followups_is_refused_for_organizers(client, world):
    talk = TalkFactory(conference=world["conference"])
    FollowUpFactory(talk=talk)
    client.force_login(world["organizer"])
    client.post(
        reverse("admin:talks_talk_changelist"),
        {"action": "delete_selected", "_selected_action": [talk.pk], "post": "yes"},
    )
    assert Talk.objects.filter(pk=talk.pk).exists()


def test_talk_delete_service_refuses_organizers_and_allows_staff(world):
    talk = TalkFactory(conference=world["conference"])
    FollowUpFactory(talk=talk)
    with pytest.raises(DeleteRefused, match="follow-ups"):
        services.talk_delete(talk=talk, user=world["organizer"])
    services.talk_delete(talk=talk, user=world["superuser"])
    assert not Talk.objects.filter(pk=talk.pk).exists()


def test_api_delete_of_a_speaker_whose_talks_have_followups_is_a_409(world):
    speaker = SpeakerFactory(slug="asked-speaker")
    talk = TalkFactory(conference=world["conference"], speakers=[speaker])
    FollowUpFactory(talk=talk)
    response = client_for(world["organizer"]).delete("/api/v1/speakers/asked-speaker/")
    assert response.status_code == 409, response.content
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    assert TalkSpeaker.objects.filter(talk=talk, speaker=speaker).exists()


def test_a_room_with_slots_stays_restricted(world):
    room = RoomFactory(conference=world["conference"])
    SlotFactory(
        schedule=services.schedule_get_work_in_progress(conference=world["conference"]),
        room=room,
    )
    response = client_for(world["organizer"]).delete(f"/api/v1/conferences/pytn/rooms/{room.pk}/")
    assert response.status_code == 409


def test_admin_history_revert_of_a_talk_goes_through_talk_save(client, world, spy):
    talk = TalkFactory(conference=world["conference"], title="First title", slug="t")
    old = talk.history.earliest()
    services.talk_update(talk=talk, fields={"title": "Second title"})
    spy["validate"].clear()
    client.force_login(world["organizer"])
    url = reverse("admin:talks_talk_simple_history", args=[talk.pk, old.history_id])
    response = client.post(url, _admin_talk_form(world["conference"], "First title", slug="t"))
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.title == "First title"
    assert spy["validate"] == ["First title"]


def test_conference_delete_with_followups_is_for_staff_only(world):
    from conference.services import conference_delete

    conference = world["conference"]
    FollowUpFactory(talk=TalkFactory(conference=conference))
    with pytest.raises(DeleteRefused, match="follow-ups"):
        conference_delete(conference=conference, user=world["organizer"])
    assert FollowUp.objects.filter(talk__conference=conference).exists()
    conference_delete(conference=conference, user=world["superuser"])
    assert not FollowUp.objects.exists()


def test_admin_speaker_delete_with_followups_is_refused_for_organizers(client, world):
    speaker = SpeakerFactory()
    FollowUpFactory(talk=TalkFactory(conference=world["conference"], speakers=[speaker]))
    client.force_login(world["organizer"])
    url = reverse("admin:talks_speaker_delete", args=[speaker.pk])
    response = client.post(url, {"post": "yes"})
    # The confirmation page shows the service's reason (speaker_delete_refusals).
    assert response.status_code == 200
    assert "only staff can delete it" in response.text
    assert Speaker.objects.filter(pk=speaker.pk).exists()
    client.force_login(world["superuser"])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
