"""The catalogue's permissions (django-rules), built from the roles in conference/rules.py.

Admin, website and API ask the same names: ``user.has_perm("talks.change_talk", talk)``.
The object may be the row itself or its conference (the conference predicates walk up to
it). Reads of public data need no permission: the visibility querysets decide those;
``talks.view_*`` here are about what the public cannot see (drafts, the work in progress).
README.md's "Who may do what" table is generated from these rules
(``python manage.py permissions_table``).
"""

from typing import Any

import rules

from conference.rules import (
    cached_for_request,
    is_conference_editor,
    is_site_admin,
    may_change_conference,
    may_view_conference,
    organized_conference_ids,
)
from talks.models import FollowUp, Speaker, Talk, TalkSpeaker
from talks.selectors import speakers_attachable


@rules.predicate
def is_talk_speaker(user: Any, obj: Any) -> bool:
    """The user claimed a speaker profile on this talk (or the follow-up's talk)."""
    talk = obj.talk if isinstance(obj, FollowUp) else obj
    if not isinstance(talk, Talk) or not user or not user.is_authenticated:
        return False
    return talk.talk_speakers.filter(speaker__user=user).exists()


@rules.predicate
def is_speaker_self(user: Any, speaker: Any) -> bool:
    return bool(
        isinstance(speaker, Speaker)
        and user
        and user.is_authenticated
        and speaker.user_id == user.pk
    )


def _conference_ids_of(speaker: Speaker) -> set[int]:
    return set(speaker.talks.values_list("conference_id", flat=True))


@rules.predicate
def organizes_conference_of_speaker(user: Any, speaker: Any) -> bool:
    """The speaker has a talk in a conference the user is a member of, or no talk yet."""
    member_of = organized_conference_ids(user)
    if not isinstance(speaker, Speaker) or not member_of:
        return False
    conference_ids = _conference_ids_of(speaker)
    return not conference_ids or bool(conference_ids & member_of)


@rules.predicate
def edits_every_conference_of_speaker(user: Any, speaker: Any) -> bool:
    """All the speaker's talks are in conferences the user may change (a speaker is
    shared across conferences; one organizer must not rewrite another's)."""
    editing = organized_conference_ids(user, editing=True)
    if not isinstance(speaker, Speaker) or not editing:
        return False
    return _conference_ids_of(speaker) <= editing


@rules.predicate
def edits_a_conference_of_speaker(user: Any, speaker: Any) -> bool:
    """The speaker has a talk in a conference the user may change."""
    editing = organized_conference_ids(user, editing=True)
    if not isinstance(speaker, Speaker) or not editing:
        return False
    return bool(_conference_ids_of(speaker) & editing)


@rules.predicate
def reaches_speaker(user: Any, speaker: Any) -> bool:
    """The user's programme reaches the speaker: talks.selectors.speakers_attachable, the
    one statement of the rule, asked of one speaker."""
    if not isinstance(speaker, Speaker) or speaker.pk is None:
        return False
    return speakers_attachable(user=user).filter(pk=speaker.pk).exists()


def speaker_ids_on_programme_of(user: Any) -> frozenset[int]:
    """Speakers on a talk of a conference the user edits; one query per request."""
    editing = organized_conference_ids(user, editing=True)
    if not editing:
        return frozenset()
    return cached_for_request(
        user,
        "_hallway_programme_speaker_ids",
        lambda: frozenset(
            TalkSpeaker.objects.filter(talk__conference_id__in=editing).values_list(
                "speaker_id", flat=True
            )
        ),
    )


@rules.predicate
def is_on_programme_of_user(user: Any, speaker: Any) -> bool:
    """The speaker is on a talk of a conference the user edits (for reads of many
    speakers, such as an API list with e-mails: cached for the request)."""
    return isinstance(speaker, Speaker) and speaker.pk in speaker_ids_on_programme_of(user)


@rules.predicate
def is_followup_recipient(user: Any, followup: Any) -> bool:
    """The user claimed one of the speaker profiles the follow-up was written to."""
    if not isinstance(followup, FollowUp) or not user or not user.is_authenticated:
        return False
    return followup.recipients.filter(user=user).exists()


def attach_refused_message(slugs: list[str]) -> str:
    """What API, CSV import and admin say when talks.attach_speaker refuses speakers."""
    return (
        f"You cannot add {', '.join(slugs)}: they speak at conferences you do not organize. "
        "Invite them (an organizer of their conference or staff adds them to your talk), "
        "or create a new speaker."
    )


# Drafts and the work in progress: the conference's members (volunteers read too).
rules.add_perm("talks.view_talk", may_view_conference | is_talk_speaker)
rules.add_perm("talks.view_schedule_wip", may_view_conference)
# Changing the programme: the conference's leads and organizers.
rules.add_perm("talks.add_talk", may_change_conference)
rules.add_perm("talks.change_talk", may_change_conference)
rules.add_perm("talks.delete_talk", may_change_conference)
rules.add_perm("talks.change_slot", may_change_conference)  # add, change, delete
rules.add_perm("talks.release_schedule", may_change_conference)
rules.add_perm("talks.manage_webhooks", may_change_conference)

# Speakers are one person across conferences, so "an organizer of a conference the speaker
# is on" only ever comes about through that conference's own programme: editors attach only
# speakers their programme already reaches, or new ones. Checked afresh on writes (the
# predicate reads the talk-speaker rows; the cache is per request and writes come last).
rules.add_perm("talks.view_speaker", organizes_conference_of_speaker | is_site_admin)
rules.add_perm("talks.add_speaker", is_conference_editor | is_site_admin)
rules.add_perm("talks.attach_speaker", reaches_speaker)
# A speaker shared by two conferences stays editable by both (attaching is restricted, so
# sharing never comes from one side alone). Deleting or merging rewrites every programme
# the speaker is on, so it needs them all.
rules.add_perm("talks.change_speaker", reaches_speaker)
rules.add_perm("talks.delete_speaker", edits_every_conference_of_speaker | is_site_admin)
rules.add_perm("talks.merge_speaker", edits_every_conference_of_speaker | is_site_admin)
rules.add_perm("talks.invite_speaker", edits_a_conference_of_speaker | is_site_admin)
# The private e-mail address: the speaker, site admins and the editors of a conference
# whose programme the speaker is on (API, admin change form and admin history alike).
rules.add_perm(
    "talks.view_speaker_email", is_speaker_self | is_site_admin | is_on_programme_of_user
)
# Tags are shared: editors add them; only site admins rename or delete one.
rules.add_perm("talks.add_tag", is_conference_editor | is_site_admin)
rules.add_perm("talks.change_tag", is_site_admin)

# Follow-up contents: the speakers it was written to (FollowUp.recipients) and site admins;
# organizers see counts and statuses only. Moving keeps the recipients (followup_move).
rules.add_perm("talks.view_followup_inbox", rules.is_authenticated)  # their own, if any
rules.add_perm("talks.view_followup", is_followup_recipient | is_site_admin)
rules.add_perm("talks.change_followup", is_followup_recipient | is_site_admin)
rules.add_perm("talks.move_followup", is_conference_editor | is_followup_recipient | is_site_admin)
rules.add_perm("talks.view_followup_counts", may_view_conference)
