"""Nothing is lost: with the e-mail server down a follow-up is stored, acknowledged and in
the inbox, its e-mail waits in the outbox; the retry command delivers it once the server
is back, once."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conference.models import OutgoingMail
from talks.followups import services, tasks
from talks.models import FollowUp, FollowUpNote, Speaker
from tests.factories import FollowUpFactory
from tests.talks.followups.conftest import ATTENDEE_DATA

pytestmark = pytest.mark.django_db(transaction=True)


def _form_url(talk):
    return reverse("followups:new", kwargs={"conference": talk.conference.slug, "slug": talk.slug})


def test_failing_email_loses_nothing_and_retry_delivers(client, cast, settings, failing_mail):
    # A real commit (transactional test): the on_commit task runs as it does in production.
    response = client.post(_form_url(cast.talk), ATTENDEE_DATA)
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert "Sent. Thank you." in client.get(response["Location"]).text
    # Receipt and both speakers' notices wait in the outbox, each tried once.
    waiting = OutgoingMail.objects.filter(status="pending")
    assert sorted(waiting.values_list("kind", "attempts", "last_error")) == sorted(
        [
            ("followups.receipt", 1, "ConnectionRefusedError"),
            ("followups.notify", 1, "ConnectionRefusedError"),
            ("followups.notify", 1, "ConnectionRefusedError"),
        ]
    )

    client.force_login(cast.speaker)
    assert "Brian J. Geiger" in client.get(reverse("followups:inbox")).text
    # The speaker's reply is kept too, and its e-mail waits in the outbox.
    client.post(reverse("followups:reply", args=[followup.pk]), {"body": "Happy to help."})
    assert FollowUpNote.objects.get().body == "Happy to help."
    assert waiting.count() == 4

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    OutgoingMail.objects.update(next_attempt_at=timezone.now())  # the back-off has passed
    call_command("followups_retry", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "brian.geiger@example.net",
            cast.speaker.email,
            cast.cospeaker.email,
            "brian.geiger@example.net",
        ]
    )
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    # A second run sends nothing again.
    mail.outbox = []
    call_command("followups_retry", stdout=io.StringIO())
    assert mail.outbox == []


def test_retry_gives_up_after_max_attempts(cast, failing_mail):
    followup = FollowUpFactory(talk=cast.talk, notify_attempts=tasks.MAX_ATTEMPTS)
    assert tasks.retry() == {"followups": 0, "replies": 0}
    followup.refresh_from_db()
    assert followup.notify_attempts == tasks.MAX_ATTEMPTS


def test_receipt_not_sent_twice_when_only_the_speaker_notice_failed(cast, mailoutbox):
    followup = FollowUpFactory(talk=cast.talk, receipt_sent_at=timezone.now())
    tasks.deliver(followup.pk)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.speaker.email, cast.cospeaker.email])


def test_spam_and_withdrawn_are_not_retried(cast, mailoutbox):
    FollowUpFactory(talk=cast.talk, status="spam")
    FollowUpFactory(talk=cast.talk, status="withdrawn")
    tasks.retry()
    assert mailoutbox == []


def test_daily_digest_collects_new_followups_once(cast, mailoutbox):
    profile = Speaker.objects.get(user=cast.speaker)
    services.speaker_set_digest(speaker=profile, digest=True)
    Speaker.objects.filter(pk=profile.pk).update(
        digest_sent_at=timezone.now() - dt.timedelta(days=1)
    )
    FollowUpFactory(talk=cast.talk, message="First question")
    FollowUpFactory(talk=cast.talk, message="Second question")
    FollowUpFactory(talk=cast.talk, message="Spam offer", status="spam")
    call_command("followups_digest", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [[cast.speaker.email]]
    assert "2 new follow-ups" in mailoutbox[0].subject
    assert "First question" in mailoutbox[0].body
    assert "Spam offer" not in mailoutbox[0].body
    mailoutbox.clear()
    call_command("followups_digest", stdout=io.StringIO())
    assert mailoutbox == []


def test_failed_digest_is_sent_once_the_server_is_back(cast, settings, failing_mail):
    profile = Speaker.objects.get(user=cast.speaker)
    Speaker.objects.filter(pk=profile.pk).update(
        followup_digest=True, digest_sent_at=timezone.now() - dt.timedelta(days=1)
    )
    FollowUpFactory(talk=cast.talk)
    assert tasks.send_digests() == 1
    assert OutgoingMail.objects.get(kind="followups.digest").status == "pending"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    call_command("followups_retry", stdout=io.StringIO())
    assert tasks.send_digests() == 0  # nothing new since the queued digest
    # The digest speaker gets the digest, once (the co-speaker's notice and the receipt
    # of the follow-up, which the factory left unqueued, go out too).
    assert [m.to for m in mail.outbox if m.to == [cast.speaker.email]] == [[cast.speaker.email]]
