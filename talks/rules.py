"""Permission predicates (django-rules), one per idea, shared by admin, views and API.

Object-level: ``user.has_perm("talks.view_followup", followup)``; the predicates can also
be called directly: ``is_conference_organizer(user, conference)``.
"""

from typing import Any

import rules
from django.db.models import QuerySet

from conference.models import Conference, OrganizerMembership
from conference.rules import EDITING_ROLES, organized_conference_ids
from talks.models import FollowUp, Slot, Speaker, Talk, TalkSpeaker


def conference_of(obj: Any) -> Conference | None:
    """The conference an object belongs to, for the models that belong to one."""
    if obj is None:
        return None
    if isinstance(obj, Conference):
        return obj
    if isinstance(obj, FollowUp):
        return obj.talk.conference
    if isinstance(obj, Slot):
        return obj.schedule.conference
    conference = getattr(obj, "conference", None)
    return conference if isinstance(conference, Conference) else None


@rules.predicate
def is_site_admin(user: Any) -> bool:
    """A superuser: runs the whole site. Organizers are staff (they use the admin) but see
    only their own conferences, so being staff grants nothing here."""
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_conference_organizer(user: Any, obj: Any) -> bool:
    """The user organizes the conference that obj is, or belongs to."""
    conference = conference_of(obj)
    if conference is None or not user or not user.is_authenticated:
        return False
    return OrganizerMembership.objects.filter(user=user, conference=conference).exists()


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


# Follow-up contents (view/change/move_followup): see "Speakers across conferences" below.
# Organizers run their own conference.
rules.add_perm("conference.change_conference", is_conference_organizer | is_site_admin)
rules.add_perm("talks.change_talk", is_conference_organizer | is_site_admin)
rules.add_perm("talks.change_slot", is_conference_organizer | is_site_admin)
rules.add_perm("talks.release_schedule", is_conference_organizer | is_site_admin)


# Follow-ups (added by the follow-ups feature).
@rules.predicate
def is_organizer_of_speaker(user: Any, speaker: Any) -> bool:
    """The user organizes a conference at which this speaker has a talk."""
    if not isinstance(speaker, Speaker) or not user or not user.is_authenticated:
        return False
    return OrganizerMembership.objects.filter(
        user=user, conference__talks__talk_speakers__speaker=speaker
    ).exists()


rules.add_perm("talks.view_followup_counts", is_conference_organizer | is_site_admin)
rules.add_perm("conference.close_followups", is_conference_organizer | is_site_admin)
rules.add_perm("talks.invite_speaker", is_organizer_of_speaker | is_site_admin)
# --- The organizer admin (see conference/rules.py for conference-owned rows) ----------


@rules.predicate
def organizes_conference_of_speaker(user: Any, speaker: Any) -> bool:
    """The speaker has a talk in a conference the user organizes, or no talk yet."""
    if not isinstance(speaker, Speaker) or not organized_conference_ids(user):
        return False
    conference_ids = set(speaker.talks.values_list("conference_id", flat=True))
    return not conference_ids or bool(conference_ids & organized_conference_ids(user))


@rules.predicate
def edits_every_conference_of_speaker(user: Any, speaker: Any) -> bool:
    """All the speaker's talks are in conferences the user may change (a speaker is
    shared across conferences; one organizer must not rewrite another's)."""
    editing = organized_conference_ids(user, editing=True)
    if not isinstance(speaker, Speaker) or not editing:
        return False
    return set(speaker.talks.values_list("conference_id", flat=True)) <= editing


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(user and user.is_active and user.is_superuser)


rules.add_perm("talks.admin_view_speaker", organizes_conference_of_speaker | is_superuser)


# --- Speakers across conferences, and the follow-ups written to them ------------------
#
# A speaker is one person across conferences, so "an organizer of a conference the speaker
# is on" must only ever come about through that conference's own programme: organizers
# attach only speakers their programme already reaches, or new ones (attach_speaker).
# Follow-ups belong to the speakers they were written to (FollowUp.recipients), not to
# whoever is on the talk now.

PROGRAMME_CACHE = "_hallway_programme_speaker_ids"


def speakers_on_programme_of(user: Any) -> QuerySet[TalkSpeaker]:
    """Talk-speaker rows of the conferences the user runs (lead or organizer role)."""
    if not user or not user.is_authenticated or not user.is_active:
        return TalkSpeaker.objects.none()
    return TalkSpeaker.objects.filter(
        talk__conference__memberships__user=user,
        talk__conference__memberships__role__in=EDITING_ROLES,
    )


def forget_programme_speakers(user: Any) -> None:
    """Drop the per-request cache of view_speaker_email (API clients may keep one user
    object across requests; the API base view calls this as each request starts)."""
    if user is not None:
        user.__dict__.pop(PROGRAMME_CACHE, None)


@rules.predicate
def is_on_programme_of_user(user: Any, speaker: Any) -> bool:
    """The speaker is on a talk of a conference the user runs. Checked afresh every time:
    it decides writes (attaching, changing), so it must see the write just made."""
    if not isinstance(speaker, Speaker):
        return False
    return speakers_on_programme_of(user).filter(speaker=speaker).exists()


@rules.predicate
def is_on_programme_of_user_cached(user: Any, speaker: Any) -> bool:
    """is_on_programme_of_user for reads of many speakers (an API list with e-mails):
    one query per request, the ids cached on the user object."""
    if not isinstance(speaker, Speaker) or not user or not user.is_authenticated:
        return False
    ids = user.__dict__.get(PROGRAMME_CACHE)
    if ids is None:
        ids = frozenset(speakers_on_programme_of(user).values_list("speaker_id", flat=True))
        user.__dict__[PROGRAMME_CACHE] = ids
    return speaker.pk in ids


@rules.predicate
def is_new_speaker(user: Any, speaker: Any) -> bool:
    """No talk anywhere yet and no account: a profile somebody has just created."""
    if not isinstance(speaker, Speaker) or speaker.pk is None or speaker.user_id:
        return False
    return not TalkSpeaker.objects.filter(speaker=speaker).exists()


@rules.predicate
def runs_any_conference(user: Any) -> bool:
    """The user is lead or organizer of some conference."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return OrganizerMembership.objects.filter(user=user, role__in=EDITING_ROLES).exists()


@rules.predicate
def is_followup_recipient(user: Any, followup: Any) -> bool:
    """The user claimed one of the speaker profiles the follow-up was written to."""
    if not isinstance(followup, FollowUp) or not user or not user.is_authenticated:
        return False
    return followup.recipients.filter(user=user).exists()


# The private e-mail address: the speaker, superusers, and the organizers of a conference
# whose programme the speaker is on (API, admin change form and admin history alike).
rules.add_perm(
    "talks.view_speaker_email",
    is_speaker_self | is_superuser | is_on_programme_of_user_cached,
)


def attach_refused_message(slugs: list[str]) -> str:
    """What API, CSV import and admin say when talks.attach_speaker refuses speakers."""
    return (
        f"You cannot add {', '.join(slugs)}: they speak at conferences you do not organize. "
        "Invite them (an organizer of their conference or staff adds them to your talk), "
        "or create a new speaker."
    )


# The user's programme reaches the speaker: they are on a talk of a conference the user
# runs, or they are new (no talk, no account) and the user runs some conference.
reaches_speaker = is_superuser | is_on_programme_of_user | (is_new_speaker & runs_any_conference)
# Putting a speaker on a talk (API, CSV import, admin inline): someone else's speaker has to
# be added by a conference they speak at (or staff); the organizer may create a new one.
rules.add_perm("talks.attach_speaker", reaches_speaker)
# Changing a profile: a speaker shared by two conferences stays editable by both (attaching
# is restricted, so sharing never comes from the other side alone). Merging rewrites every
# conference's programme the two speak at, so it needs them all.
rules.add_perm("talks.change_speaker", reaches_speaker)
rules.add_perm("talks.merge_speaker", edits_every_conference_of_speaker | is_superuser)
# Follow-up contents: the speakers it was written to (and superusers); organizers see
# counts and statuses only. Moving it keeps its recipients (services.followup_move).
rules.add_perm("talks.view_followup", is_followup_recipient | is_site_admin)
rules.add_perm("talks.change_followup", is_followup_recipient | is_site_admin)
rules.add_perm(
    "talks.move_followup", is_conference_organizer | is_followup_recipient | is_site_admin
)
