"""Merging duplicate speakers and inviting speakers to claim their profile."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from talks.models import Bookmark, FollowUp, Resource, Speaker, TalkSpeaker
from talks.services import speaker_merge
from tests.factories import (
    BookmarkFactory,
    FollowUpFactory,
    ResourceFactory,
    SpeakerFactory,
    TalkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_keeps_every_related_row(cast):
    survivor = SpeakerFactory(name="Kyle Kelley", slug="kyle-kelley", website="", github="rgbkrk")
    account = UserFactory()
    duplicate = SpeakerFactory(
        name="Kyle K.",
        slug="kyle-k",
        website="https://kyle.example.org",
        github="someone-else",
        email="kyle@example.org",
        user=account,
    )
    co_speaker = SpeakerFactory()
    both = TalkFactory(conference=cast.ours, speakers=[co_speaker, duplicate, survivor])
    own = TalkFactory(conference=cast.ours, speakers=[survivor])
    duplicates = [
        TalkFactory(conference=cast.ours, speakers=[duplicate]),
        TalkFactory(conference=cast.theirs, speakers=[co_speaker, duplicate]),
    ]
    followups = [FollowUpFactory(talk=t) for t in (both, own, *duplicates)]
    resources = [ResourceFactory(talk=t) for t in (both, own, *duplicates)]
    bookmarks = [BookmarkFactory(talk=t) for t in duplicates]

    duplicate_pk = duplicate.pk
    speaker_merge(survivor=survivor, duplicate=duplicate)

    assert not Speaker.objects.filter(pk=duplicate_pk).exists()
    survivor.refresh_from_db()
    assert set(survivor.talks.all()) == {both, own, *duplicates}
    # On the talk both spoke on, one row remains, at the better of the two positions.
    assert [(ts.speaker, ts.position) for ts in both.talk_speakers.order_by("position")] == [
        (co_speaker, 0),
        (survivor, 1),
    ]
    assert list(duplicates[1].talk_speakers.values_list("speaker", flat=True)) == [
        co_speaker.pk,
        survivor.pk,
    ]
    assert set(FollowUp.objects.filter(talk__speakers=survivor)) == set(followups)
    assert set(Resource.objects.filter(talk__speakers=survivor)) == set(resources)
    assert set(Bookmark.objects.all()) == set(bookmarks)
    # Empty fields filled from the duplicate; the survivor's own values kept.
    assert survivor.website == "https://kyle.example.org"
    assert survivor.github == "rgbkrk"
    assert survivor.email == "kyle@example.org"
    assert survivor.user == account
    # The duplicate's full record stays in the history.
    gone = Speaker.history.filter(id=duplicate_pk, history_type="-").get()
    assert (gone.slug, gone.github) == ("kyle-k", "someone-else")
    assert TalkSpeaker.objects.filter(speaker_id=duplicate_pk).count() == 0


def test_merge_refuses_profiles_claimed_by_two_accounts():
    first, second = SpeakerFactory(user=UserFactory()), SpeakerFactory(user=UserFactory())
    with pytest.raises(ValidationError):
        speaker_merge(survivor=first, duplicate=second)
    with pytest.raises(ValidationError):
        speaker_merge(survivor=first, duplicate=first)
    assert Speaker.objects.count() == 2


def _merge(client, speakers, survivor):
    return client.post(
        reverse("admin:talks_speaker_changelist"),
        {
            "action": "merge_speakers",
            "_selected_action": [s.pk for s in speakers],
            "apply": "1",
            "survivor": survivor.pk,
        },
    )


def test_organizer_merges_speakers_of_their_conference(client, cast):
    keep, drop = SpeakerFactory(), SpeakerFactory()
    talk = TalkFactory(conference=cast.ours, speakers=[drop])
    TalkFactory(conference=cast.ours, speakers=[keep])
    client.force_login(cast.organizer)
    page = client.post(
        reverse("admin:talks_speaker_changelist"),
        {"action": "merge_speakers", "_selected_action": [keep.pk, drop.pk]},
    )
    assert "Keep which record?" in page.text
    drop_pk = drop.pk
    assert _merge(client, [keep, drop], keep).status_code == 302
    assert list(talk.speakers.all()) == [keep]
    assert not Speaker.objects.filter(pk=drop_pk).exists()


def test_organizer_cannot_merge_a_speaker_who_also_speaks_elsewhere(client, cast):
    keep, shared = SpeakerFactory(), SpeakerFactory()
    TalkFactory(conference=cast.ours, speakers=[keep, shared])
    TalkFactory(conference=cast.theirs, speakers=[shared])
    client.force_login(cast.organizer)
    assert _merge(client, [keep, shared], keep).status_code == 403
    assert Speaker.objects.filter(pk=shared.pk).exists()
    client.force_login(cast.superuser)
    assert _merge(client, [keep, shared], keep).status_code == 302
    assert not Speaker.objects.filter(pk=shared.pk).exists()


def test_other_organizer_cannot_merge_our_speakers(client, cast):
    keep, drop = SpeakerFactory(), SpeakerFactory()
    TalkFactory(conference=cast.ours, speakers=[keep, drop])
    client.force_login(cast.other_organizer)
    _merge(client, [keep, drop], keep)
    assert Speaker.objects.filter(pk=drop.pk).exists()


def test_invite_action_is_scoped(client, cast, mailoutbox, django_capture_on_commit_callbacks):
    ours = SpeakerFactory(email="ours@example.org")
    TalkFactory(conference=cast.ours, speakers=[ours])
    client.force_login(cast.other_organizer)
    data = {"action": "invite_speakers", "_selected_action": [ours.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:talks_speaker_changelist"), data)
    assert mailoutbox == []
    client.force_login(cast.organizer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:talks_speaker_changelist"), data)
    assert [m.to for m in mailoutbox] == [["ours@example.org"]]


def test_history_of_a_merged_away_speaker_is_for_superusers(client, cast):
    keep, drop = SpeakerFactory(), SpeakerFactory(email="drop@example.org")
    TalkFactory(conference=cast.ours, speakers=[keep, drop])
    drop_pk = drop.pk
    speaker_merge(survivor=keep, duplicate=drop)
    url = reverse("admin:talks_speaker_history", args=[drop_pk])
    client.force_login(cast.other_organizer)
    assert client.get(url).status_code == 404
    client.force_login(cast.superuser)
    assert client.get(url).status_code == 200
