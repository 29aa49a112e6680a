import csv
import io

import pytest
from django.urls import reverse

from talks.models import FollowUp, FollowUpNote, Speaker
from tests.factories import FollowUpFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_inbox_needs_sign_in(client, cast):
    response = client.get(reverse("followups:inbox"))
    assert response.status_code == 302
    assert "next=/me/follow-ups/" in response["Location"]


@pytest.mark.parametrize("role", ["speaker", "cospeaker"])
def test_speakers_of_the_talk_share_its_inbox(client, cast, role):
    FollowUpFactory(talk=cast.talk, message="Shared with co-speakers", name="Brian")
    FollowUpFactory(talk=cast.other_talk, message="For someone else")
    client.force_login(getattr(cast, role))
    response = client.get(reverse("followups:inbox"))
    assert response.status_code == 200
    assert "Brian" in response.text
    assert "The Glorious Food" not in response.text


@pytest.mark.parametrize(
    "role", ["other_speaker", "organizer", "other_organizer", "staff", "attendee"]
)
def test_others_see_none_of_the_talks_followups(client, cast, role):
    followup = FollowUpFactory(talk=cast.talk, name="Brian Secret")
    client.force_login(getattr(cast, role))
    assert "Brian Secret" not in client.get(reverse("followups:inbox")).text
    detail = reverse("followups:detail", kwargs={"pk": followup.pk})
    assert client.get(detail).status_code == 404
    reply = client.post(reverse("followups:reply", kwargs={"pk": followup.pk}), {"body": "x"})
    assert reply.status_code == 404
    status = client.post(
        reverse("followups:set_status", kwargs={"pk": followup.pk}), {"status": "spam"}
    )
    assert status.status_code == 404
    assert FollowUp.objects.get().status == "new"


def test_inbox_filters_by_talk_kind_and_status_and_hides_spam(client, cast):
    second = FollowUpFactory(talk=cast.talk, kind="feedback", rating=5, name="Feedback person")
    FollowUpFactory(talk=cast.talk, kind="question", name="Question person")
    FollowUpFactory(talk=cast.talk, kind="question", name="Spammer", status="spam")
    client.force_login(cast.speaker)
    everything = client.get(reverse("followups:inbox")).text
    assert "Feedback person" in everything
    assert "Question person" in everything
    assert "Spammer" not in everything
    feedback = client.get(reverse("followups:inbox"), {"kind": "feedback"}).text
    assert "Feedback person" in feedback
    assert "Question person" not in feedback
    spam = client.get(reverse("followups:inbox"), {"status": "spam"}).text
    assert "Spammer" in spam
    assert "Question person" not in spam
    by_talk = client.get(reverse("followups:inbox"), {"talk": second.talk_id}).text
    assert "Feedback person" in by_talk


def test_contact_details_shown_only_with_consent(client, cast):
    shared = FollowUpFactory(talk=cast.talk, email="shared@example.net", consent_to_share=True)
    private = FollowUpFactory(talk=cast.talk, email="private@example.net", consent_to_share=False)
    client.force_login(cast.speaker)
    assert "shared@example.net" in client.get(reverse("followups:detail", args=[shared.pk])).text
    page = client.get(reverse("followups:detail", args=[private.pk])).text
    assert "private@example.net" not in page
    assert "did not share contact details" in page


def test_speaker_replies_then_resolves(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    followup = FollowUpFactory(talk=cast.talk)
    client.force_login(cast.cospeaker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followups:reply", args=[followup.pk]), {"body": "The notebook is on GitHub."}
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[followup.email]]
    page = client.get(response["Location"]).text
    assert "The notebook is on GitHub." in page
    assert "Reply sent." in page
    client.post(reverse("followups:set_status", args=[followup.pk]), {"status": "resolved"})
    followup.refresh_from_db()
    assert followup.status == "resolved"


def test_reply_and_status_errors_are_shown(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    client.force_login(cast.speaker)
    response = client.post(reverse("followups:reply", args=[followup.pk]), {"body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.text
    response = client.post(
        reverse("followups:set_status", args=[followup.pk]), {"status": "withdrawn"}
    )
    assert response.status_code == 400
    assert FollowUpNote.objects.count() == 0


def test_csv_export_has_contact_only_with_consent_and_defuses_formulas(client, cast):
    FollowUpFactory(talk=cast.talk, email="shared@example.net", message="=HYPERLINK(1)")
    FollowUpFactory(talk=cast.talk, email="private@example.net", consent_to_share=False)
    FollowUpFactory(talk=cast.other_talk, email="other@example.net")
    client.force_login(cast.speaker)
    response = client.get(reverse("followups:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["email"] for r in rows) == ["", "shared@example.net"]
    assert "'=HYPERLINK(1)" in [r["message"] for r in rows]


def test_digest_setting_is_saved(client, cast):
    client.force_login(cast.speaker)
    client.post(reverse("followups:settings"), {"followup_digest": "1"})
    assert Speaker.objects.get(user=cast.speaker).followup_digest is True


def test_settings_refused_without_speaker_profile(client, cast):
    client.force_login(cast.attendee)
    assert client.get(reverse("followups:settings")).status_code == 403


def _invited(cast, **kwargs):
    from talks.followups import services

    profile = SpeakerFactory(email="new.speaker@example.org", **kwargs)
    services.speaker_invite(speaker=profile, user=cast.staff)
    return profile


def test_claim_creates_account_signs_in_and_opens_inbox(client, cast):
    profile = _invited(cast)
    url = reverse("followups:claim", kwargs={"token": profile.invitation_token})
    assert "Create your account" in client.get(url).text
    response = client.post(
        url,
        {
            "username": "newspeaker",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("followups:inbox")
    profile.refresh_from_db()
    assert profile.user.username == "newspeaker"
    assert profile.user.email == "new.speaker@example.org"
    assert client.get(response["Location"]).status_code == 200
    assert client.get(url).status_code == 404  # used once


def test_claim_by_signed_in_user(client, cast):
    profile = _invited(cast)
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("followups:claim", kwargs={"token": profile.invitation_token}))
    profile.refresh_from_db()
    assert profile.user == user


def test_claim_with_bad_password_creates_nothing(client, cast):
    profile = _invited(cast)
    url = reverse("followups:claim", kwargs={"token": profile.invitation_token})
    response = client.post(url, {"username": "x", "password1": "a", "password2": "b"})
    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.user is None


def test_claim_refused_for_account_with_a_profile(client, cast):
    profile = _invited(cast)
    client.force_login(cast.speaker)
    response = client.post(reverse("followups:claim", kwargs={"token": profile.invitation_token}))
    assert response.status_code == 400
    assert "already has a speaker profile" in response.text


def test_unknown_invitation_is_404(client, cast):
    assert client.get("/speakers/claim/nope/").status_code == 404


def test_withdrawn_followup_disappears_for_speakers(client, cast):
    followup = FollowUpFactory(talk=cast.talk, name="Changed My Mind", status="withdrawn")
    client.force_login(cast.speaker)
    assert "Changed My Mind" not in client.get(reverse("followups:inbox")).text
    assert client.get(reverse("followups:detail", args=[followup.pk])).status_code == 404
    export = client.get(reverse("followups:export")).content.decode()
    assert "Changed My Mind" not in export


def test_inbox_pages_keep_the_filter(client, cast, settings, monkeypatch):
    monkeypatch.setattr("talks.followups.views.speaker.INBOX_PAGE_SIZE", 2)
    for n in range(3):
        FollowUpFactory(talk=cast.talk, kind="feedback", name=f"Person {n}")
    client.force_login(cast.speaker)
    first = client.get(reverse("followups:inbox"), {"kind": "feedback"}).text
    assert "3 follow-ups" in first
    assert 'href="?kind=feedback&amp;page=2"' in first
    second = client.get(reverse("followups:inbox"), {"kind": "feedback", "page": 2}).text
    assert "Person 0" in second
    assert "Person 2" not in second
