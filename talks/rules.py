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
    is_conference_editor,
    is_conference_member,
    is_site_admin,
    may_change_conference,
    may_view_conference,
    organized_conference_ids,
)
from talks.models import FollowUp, Speaker, Talk

# A membership of any role (volunteers too): the follow-up rules below were written with it.
is_conference_organizer = is_conference_member


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
def is_organizer_of_speaker(user: Any, speaker: Any) -> bool:
    """The user is a member (any role) of a conference at which this speaker has a talk."""
    member_of = organized_conference_ids(user)
    if not isinstance(speaker, Speaker) or not member_of:
        return False
    return bool(_conference_ids_of(speaker) & member_of)


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
# Speakers are shared across conferences: any editor adds one; changing (or deleting) one
# takes editing every conference the speaker has talks at.
rules.add_perm("talks.view_speaker", organizes_conference_of_speaker | is_site_admin)
rules.add_perm("talks.add_speaker", is_conference_editor | is_site_admin)
rules.add_perm("talks.change_speaker", edits_every_conference_of_speaker | is_site_admin)
rules.add_perm("talks.delete_speaker", edits_every_conference_of_speaker | is_site_admin)
rules.add_perm("talks.invite_speaker", edits_a_conference_of_speaker | is_site_admin)
# Tags are shared: editors add them; only site admins rename or delete one.
rules.add_perm("talks.add_tag", is_conference_editor | is_site_admin)
rules.add_perm("talks.change_tag", is_site_admin)

# Follow-up contents: the talk's speakers (and staff); organizers see counts only.
rules.add_perm("talks.view_followup_inbox", rules.is_authenticated)  # their own, if any
rules.add_perm("talks.view_followup", is_talk_speaker | is_site_admin)
rules.add_perm("talks.change_followup", is_talk_speaker | is_site_admin)


# Follow-ups (added by the follow-ups feature).
rules.add_perm("talks.reassign_followup", is_conference_organizer | is_talk_speaker | is_site_admin)
rules.add_perm("talks.view_followup_counts", is_conference_organizer | is_site_admin)
