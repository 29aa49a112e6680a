"""Permission predicates (django-rules), one per idea, shared by admin, views and API.

Object-level: ``user.has_perm("talks.view_followup", followup)``; the predicates can also
be called directly: ``is_conference_organizer(user, conference)``.
"""

from typing import Any

import rules

from conference.models import Conference, OrganizerMembership
from conference.rules import organized_conference_ids
from talks.models import FollowUp, Slot, Speaker, Talk


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


# Follow-up contents: the talk's speakers (and staff); organizers see counts only.
rules.add_perm("talks.view_followup", is_talk_speaker | is_site_admin)
rules.add_perm("talks.change_followup", is_talk_speaker | is_site_admin)
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


rules.add_perm("talks.reassign_followup", is_conference_organizer | is_talk_speaker | is_site_admin)
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
rules.add_perm("talks.admin_change_speaker", edits_every_conference_of_speaker | is_superuser)
