"""Who may do what in the organizer admin (django-rules predicates).

Superusers see everything. Every other staff user sees and changes only the conferences
they hold a membership of: volunteers read, leads and organizers also change. The
predicates find an object's conference by walking up ``conference``, ``schedule``,
``talk`` and ``followup`` attributes, so they need no import from the talks app.
"""

from typing import Any

import rules

from conference.models import Conference, OrganizerMembership

EDITING_ROLES = (OrganizerMembership.Role.LEAD, OrganizerMembership.Role.ORGANIZER)


def admin_conference_of(obj: Any) -> Conference | None:
    """The conference a row belongs to: itself, or up its conference/schedule/talk."""
    if obj is None:
        return None
    if isinstance(obj, Conference):
        return obj
    conference = getattr(obj, "conference", None)
    if isinstance(conference, Conference):
        return conference
    for parent_name in ("schedule", "talk", "followup"):
        parent = getattr(obj, parent_name, None)
        if parent is not None and not isinstance(parent, str):
            return admin_conference_of(parent)
    return None


def organized_conference_ids(user: Any, *, editing: bool = False) -> frozenset[int]:
    """Ids of the conferences a staff user organizes (editing=True: may change them).

    Cached on the user object, which lives for one request.
    """
    if not user or not user.is_authenticated or not user.is_active or not user.is_staff:
        return frozenset()
    cache_name = "_hallway_editing_ids" if editing else "_hallway_organized_ids"
    cached = getattr(user, cache_name, None)
    if cached is None:
        memberships = OrganizerMembership.objects.filter(user=user)
        if editing:
            memberships = memberships.filter(role__in=EDITING_ROLES)
        cached = frozenset(memberships.values_list("conference_id", flat=True))
        setattr(user, cache_name, cached)
    return cached


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def organizes_any_conference(user: Any) -> bool:
    return bool(organized_conference_ids(user))


@rules.predicate
def edits_any_conference(user: Any) -> bool:
    return bool(organized_conference_ids(user, editing=True))


@rules.predicate
def organizes_conference_of(user: Any, obj: Any) -> bool:
    conference = admin_conference_of(obj)
    return conference is not None and conference.pk in organized_conference_ids(user)


@rules.predicate
def edits_conference_of(user: Any, obj: Any) -> bool:
    conference = admin_conference_of(obj)
    return conference is not None and conference.pk in organized_conference_ids(user, editing=True)


@rules.predicate
def is_released(user: Any, obj: Any) -> bool:
    """A released schedule, or a slot of one: these never change."""
    schedule = getattr(obj, "schedule", obj)
    return bool(getattr(schedule, "is_released", False))


rules.add_perm("conference.admin_view_any", organizes_any_conference | is_superuser)
rules.add_perm("conference.admin_change_any", edits_any_conference | is_superuser)
rules.add_perm("conference.admin_view", organizes_conference_of | is_superuser)
rules.add_perm("conference.admin_change", (edits_conference_of | is_superuser) & ~is_released)
