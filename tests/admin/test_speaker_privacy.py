"""The admin and speakers of other conferences: attaching, e-mail, history, CSV."""

import pytest
from django.urls import reverse

from talks.interchange.csv_transfer import import_csv
from talks.models import Speaker, Talk, TalkSpeaker
from tests.factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kyle(cast) -> Speaker:
    """Speaks at our conference only."""
    kyle = SpeakerFactory(slug="kyle-kelley", name="Kyle Kelley", email="kyle@example.org")
    TalkFactory(conference=cast.ours, slug="keynote", speakers=[kyle])
    return kyle


def _talk_form(talk: Talk, speaker: Speaker) -> dict[str, object]:
    return {
        "conference": talk.conference.pk,
        "title": talk.title,
        "slug": talk.slug,
        "kind": "talk",
        "state": "confirmed",
        "language": "en",
        "talk_speakers-TOTAL_FORMS": "1",
        "talk_speakers-INITIAL_FORMS": "0",
        "talk_speakers-0-position": "0",
        "talk_speakers-0-speaker": speaker.pk,
        "resources-TOTAL_FORMS": "0",
        "resources-INITIAL_FORMS": "0",
    }


def test_other_organizer_cannot_attach_kyle_in_the_talk_form(client, cast, kyle):
    theirs = TalkFactory(conference=cast.theirs, slug="theirs")
    client.force_login(cast.other_organizer)
    url = reverse("admin:talks_talk_change", args=[theirs.pk])
    response = client.post(url, _talk_form(theirs, kyle))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "invite them" in errors[0]["speaker"][0].lower()
    assert not TalkSpeaker.objects.filter(talk=theirs).exists()


def test_organizer_attaches_their_own_speaker_in_the_talk_form(client, cast, kyle):
    second = TalkFactory(conference=cast.ours, slug="second")
    client.force_login(cast.organizer)
    response = client.post(
        reverse("admin:talks_talk_change", args=[second.pk]), _talk_form(second, kyle)
    )
    assert response.status_code == 302
    assert list(second.speakers.all()) == [kyle]


def test_speaker_autocomplete_offers_only_attachable_speakers(client, cast, kyle):
    new = SpeakerFactory(name="Kyle Newcomer")
    client.force_login(cast.other_organizer)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Kyle",
            "app_label": "talks",
            "model_name": "talkspeaker",
            "field_name": "speaker",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(new.pk)]


def _change_email(speaker: Speaker, email: str) -> None:
    speaker.email = email
    speaker.save()  # a history record, as the admin and services make


def test_history_hides_email_changes_from_who_the_change_form_hides_them(client, cast, kyle):
    TalkFactory(conference=cast.theirs, speakers=[kyle])  # shared (staff put them there)
    _change_email(kyle, "kyle.new@example.org")
    history = reverse("admin:talks_speaker_history", args=[kyle.pk])
    change = reverse("admin:talks_speaker_change", args=[kyle.pk])
    old_version = reverse(
        "admin:talks_speaker_simple_history", args=[kyle.pk, kyle.history.last().history_id]
    )

    client.force_login(cast.volunteer)  # reads our conference, not speakers' e-mail
    for url in (change, history, old_version):
        page = client.get(url)
        assert page.status_code == 200
        assert "kyle@example.org" not in page.text
        assert "kyle.new@example.org" not in page.text

    client.force_login(cast.organizer)
    page = client.get(history)
    assert page.status_code == 200
    assert "kyle@example.org" in page.text
    assert "kyle.new@example.org" in page.text


def test_csv_speakers_column_refuses_someone_elses_speaker_and_writes_nothing(cast, kyle):
    text = "slug,title,speakers\nborrowed,Borrowed,kyle-kelley\n"
    report = import_csv(
        conference=cast.theirs, kind="talks", text=text, user=cast.other_organizer, commit=True
    )
    assert not report.ok
    assert report.rows[0].errors == [
        "speakers: You cannot add kyle-kelley: they speak at conferences you do not organize. "
        "Invite them (an organizer of their conference or staff adds them to your talk), "
        "or create a new speaker."
    ]
    assert not report.committed
    assert not Talk.objects.filter(conference=cast.theirs).exists()
    assert not TalkSpeaker.objects.exclude(talk__conference=cast.ours).exists()


def test_csv_speakers_column_accepts_our_own_and_new_speakers(cast, kyle):
    SpeakerFactory(slug="new-face")
    text = "slug,title,speakers\nsecond,Second,kyle-kelley;new-face\n"
    report = import_csv(
        conference=cast.ours, kind="talks", text=text, user=cast.organizer, commit=True
    )
    assert report.ok, report
    talk = Talk.objects.get(conference=cast.ours, slug="second")
    assert [s.slug for s in talk.speakers.order_by("talk_speakers__position")] == [
        "kyle-kelley",
        "new-face",
    ]
