"""Follow-ups stay with the speakers they were written to (FollowUp.recipients)."""

import pytest
from django.urls import reverse

from talks.followups import mail, selectors, services, tasks
from talks.models import FollowUp, Talk, TalkSpeaker
from tests.factories import FollowUpFactory, SpeakerFactory, TalkFactory, UserFactory
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db


def _kyles_followup(cast) -> FollowUp:
    return services.followup_create(talk=cast.talk, data=ATTENDEE_DATA)


def test_followup_create_records_the_talks_speakers_as_recipients(cast):
    followup = _kyles_followup(cast)
    assert set(followup.recipients.all()) == set(cast.talk.speakers.all())


def test_organizer_cannot_move_kyles_followup_to_a_fake_speaker_of_theirs(client, cast):
    followup = _kyles_followup(cast)
    # The organizer makes a speaker with their own address, puts it on a hidden draft
    # talk and claims it through the invitation flow.
    fake = SpeakerFactory(email=cast.organizer.email or "organizer@example.org")
    draft = TalkFactory(conference=cast.talk.conference, state=Talk.State.DRAFT, speakers=[fake])
    services.speaker_invite(speaker=fake, user=cast.organizer)
    fake.refresh_from_db()
    services.speaker_claim(token=fake.invitation_token or "", user=cast.organizer)
    client.force_login(cast.organizer)

    response = client.post(reverse("followups:reassign", args=[followup.pk]), {"talk": draft.pk})

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.talk == cast.talk
    assert set(followup.recipients.all()) == set(cast.talk.speakers.all())
    refused = client.get(response.url).text
    assert "A follow-up stays with the speakers it was written to" in refused
    assert ATTENDEE_DATA["message"] not in refused
    assert client.get(reverse("followups:detail", args=[followup.pk])).status_code == 404
    assert list(selectors.followup_inbox(user=cast.organizer)) == []
    assert not cast.organizer.has_perm("talks.view_followup", followup)
    client.force_login(cast.speaker)
    assert (
        ATTENDEE_DATA["message"] in client.get(reverse("followups:detail", args=[followup.pk])).text
    )
    assert list(selectors.followup_inbox(user=cast.speaker)) == [followup]


def test_a_speaker_added_later_does_not_read_what_came_before(client, cast):
    earlier = _kyles_followup(cast)
    newcomer_user = UserFactory()
    newcomer = SpeakerFactory(user=newcomer_user)
    TalkSpeaker.objects.create(talk=cast.talk, speaker=newcomer, position=5)
    later = services.followup_create(
        talk=cast.talk, data={**ATTENDEE_DATA, "message": "A later question."}
    )

    assert list(selectors.followups_of_speaker(user=newcomer_user)) == [later]
    assert not newcomer_user.has_perm("talks.view_followup", earlier)
    client.force_login(newcomer_user)
    assert client.get(reverse("followups:detail", args=[earlier.pk])).status_code == 404
    assert list(selectors.followup_inbox(user=newcomer_user)) == [later]


def test_a_speaker_who_leaves_the_talk_keeps_what_was_written_to_them(cast):
    followup = _kyles_followup(cast)
    TalkSpeaker.objects.filter(talk=cast.talk, speaker__user=cast.cospeaker).delete()
    assert cast.cospeaker.has_perm("talks.view_followup", followup)
    assert list(selectors.followups_of_speaker(user=cast.cospeaker)) == [followup]


def test_emails_go_to_the_recipients_not_to_whoever_is_on_the_talk_now(
    cast, mailoutbox, sent_on_commit
):
    followup = FollowUpFactory(talk=cast.talk, receipt_sent_at="2015-02-07T12:00Z")
    recipients = list(followup.recipients.select_related("user"))
    TalkSpeaker.objects.create(
        talk=cast.talk, speaker=SpeakerFactory(email="newcomer@example.org"), position=5
    )
    with sent_on_commit():
        assert tasks.deliver(followup.pk) == {"receipt": True, "notified": True}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        mail.speaker_address(s) for s in recipients
    )


def test_organizer_page_shows_counts_and_status_never_contents(client, cast):
    followup = _kyles_followup(cast)
    client.force_login(cast.organizer)
    url = reverse("followups:organizer", kwargs={"conference": cast.talk.conference.slug})
    page = client.get(url).text
    assert f"<td>{followup.pk}</td>" in page
    for private in ("message", "name", "email", "affiliation"):
        assert str(ATTENDEE_DATA[private]) not in page


@pytest.mark.parametrize(
    "next_url",
    ["/\\evil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)"],
)
def test_invite_redirect_never_leaves_the_site(client, cast, next_url):
    speaker = cast.talk.speakers.first()
    client.force_login(cast.organizer)
    url = reverse("followups:invite", kwargs={"slug": speaker.slug})
    response = client.post(url, {"next": next_url})
    assert response.status_code == 302
    assert response.url == speaker.get_absolute_url()


def test_invite_redirect_follows_a_path_on_this_site(client, cast):
    speaker = cast.talk.speakers.first()
    client.force_login(cast.organizer)
    back = reverse("followups:organizer", kwargs={"conference": cast.talk.conference.slug})
    response = client.post(
        reverse("followups:invite", kwargs={"slug": speaker.slug}), {"next": back}
    )
    assert response.status_code == 302
    assert response.url == back
