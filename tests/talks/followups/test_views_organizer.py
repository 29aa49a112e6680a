import pytest
from django.urls import reverse

from talks.models import FollowUp
from tests.factories import FollowUpFactory, SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


def _counts_url(cast):
    return reverse("followups:organizer", kwargs={"conference": cast.talk.conference.slug})


@pytest.mark.parametrize("role", ["organizer", "staff"])
def test_organizer_sees_counts_but_no_contents(client, cast, role):
    FollowUpFactory(talk=cast.talk, message="Private words", email="who@example.net")
    FollowUpFactory(talk=cast.talk, status="resolved")
    FollowUpFactory(talk=cast.talk, status="spam")
    client.force_login(getattr(cast, role))
    response = client.get(_counts_url(cast))
    assert response.status_code == 200
    assert "<td>Building Services with Docker and Python</td><td>2</td><td>1</td>" in response.text
    assert "2 follow-ups, 1 still open" in response.text
    assert "Private words" not in response.text
    assert "who@example.net" not in response.text


@pytest.mark.parametrize("role", ["speaker", "other_organizer", "attendee"])
def test_counts_refused_to_others(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(_counts_url(cast)).status_code == 403


def test_counts_need_sign_in(client, cast):
    assert client.get(_counts_url(cast)).status_code == 302


def test_organizer_moves_followup_to_the_right_talk(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    right = TalkFactory(conference=cast.talk.conference, speakers=list(cast.talk.speakers.all()))
    client.force_login(cast.organizer)
    response = client.post(reverse("followups:reassign", args=[followup.pk]), {"talk": right.pk})
    assert response.status_code == 302
    assert FollowUp.objects.get().talk == right


def test_move_to_talk_of_another_conference_is_refused(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    client.force_login(cast.organizer)
    client.post(reverse("followups:reassign", args=[followup.pk]), {"talk": TalkFactory().pk})
    assert FollowUp.objects.get().talk == cast.talk


def test_other_organizer_cannot_move(client, cast):
    followup = FollowUpFactory(talk=cast.talk)
    client.force_login(cast.other_organizer)
    response = client.post(
        reverse("followups:reassign", args=[followup.pk]), {"talk": cast.other_talk.pk}
    )
    assert response.status_code == 403
    assert FollowUp.objects.get().talk == cast.talk


def test_organizer_closes_and_reopens(client, cast):
    client.force_login(cast.organizer)
    url = reverse("followups:close", kwargs={"conference": cast.talk.conference.slug})
    client.post(url, {"closed": "1"})
    cast.talk.conference.refresh_from_db()
    assert cast.talk.conference.followups_closed
    client.post(url, {"closed": "0"})
    cast.talk.conference.refresh_from_db()
    assert not cast.talk.conference.followups_closed


def test_other_organizer_cannot_close(client, cast):
    client.force_login(cast.other_organizer)
    url = reverse("followups:close", kwargs={"conference": cast.talk.conference.slug})
    assert client.post(url, {"closed": "1"}).status_code == 403


def test_invite_view_mails_the_speaker(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    profile = SpeakerFactory(email="invitee@example.org")
    TalkFactory(conference=cast.talk.conference, speakers=[profile])
    client.force_login(cast.organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followups:invite", kwargs={"slug": profile.slug}))
    assert response.status_code == 302
    assert mailoutbox[0].to == ["invitee@example.org"]


def test_invite_view_refused_to_other_organizer(client, cast):
    profile = SpeakerFactory(email="invitee@example.org")
    TalkFactory(conference=cast.talk.conference, speakers=[profile])
    client.force_login(cast.other_organizer)
    assert (
        client.post(reverse("followups:invite", kwargs={"slug": profile.slug})).status_code == 403
    )


def test_organizer_page_invites_speakers_in_one_click(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    profile = SpeakerFactory(name="Unclaimed Speaker", email="unclaimed@example.org")
    TalkFactory(conference=cast.talk.conference, speakers=[profile])
    client.force_login(cast.organizer)
    page = client.get(_counts_url(cast)).text
    assert f'action="/speakers/{profile.slug}/invite/"' in page
    assert "unclaimed@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followups:invite", kwargs={"slug": profile.slug}), {"next": _counts_url(cast)}
        )
    assert response["Location"] == _counts_url(cast)
    assert mailoutbox[0].to == ["unclaimed@example.org"]
    assert "Invited" in client.get(_counts_url(cast)).text
