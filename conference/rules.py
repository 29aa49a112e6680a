"""Who is who, and what they may do with a conference (django-rules).

The roles, each answered here once and nowhere else:

- site admin: an active superuser. Organizers are staff too (to use the admin), but being
  staff grants nothing by itself.
- conference member: any OrganizerMembership of the conference (lead, organizer or
  volunteer): sees its unpublished data and work in progress.
- conference editor: a lead or organizer membership: also changes it. Volunteers are
  members but never editors: they read, they do not write.

Every membership question goes through ``organized_conference_ids``: one query per user
object (which lives for one request), whatever the admin, the website and the API ask.

Permissions named here are about the conference itself; talks/rules.py builds the
catalogue's permissions from the same predicates. Object-level checks take the object
(or any row that belongs to a conference: the predicates walk up ``conference``,
``schedule``, ``talk``, ``followup`` and ``webhook``, so no talks import is needed).
Without an object (``user.has_perm("conference.view_conference")``) a permission asks
whether the user holds it for some conference, as Django's admin does for list pages.
"""

from collections.abc import Callable
from typing import Any

import rules

from conference.models import Conference, OrganizerMembership

EDITING_ROLES = frozenset({OrganizerMembership.Role.LEAD, OrganizerMembership.Role.ORGANIZER})
_CACHE_ATTRIBUTE = "_hallway_membership_roles"
# Bumped at the start of every request: a user object that outlives its request (a test
# client's forced user, a long-running task) never answers from an older request's cache.
_request_generation = 0


def forget_cached_memberships(**kwargs: Any) -> None:
    """request_started receiver (connected in ConferenceConfig.ready())."""
    global _request_generation
    _request_generation += 1


def conference_of(obj: Any) -> Conference | None:
    """The conference a row belongs to: itself, or up its conference/schedule/talk/…."""
    if obj is None:
        return None
    if isinstance(obj, Conference):
        return obj
    conference = getattr(obj, "conference", None)
    if isinstance(conference, Conference):
        return conference
    for parent_name in ("schedule", "talk", "followup", "webhook"):
        parent = getattr(obj, parent_name, None)
        if parent is not None and not isinstance(parent, str):
            return conference_of(parent)
    return None


def cached_for_request[T](user: Any, name: str, compute: Callable[[], T]) -> T:
    """compute() once per request for this user object (kept on it under ``name``)."""
    generation, value = getattr(user, name, (None, None))
    if value is None or generation != _request_generation:
        value = compute()
        setattr(user, name, (_request_generation, value))
    return value


def membership_roles(user: Any) -> dict[int, str]:
    """Conference id → the user's role there. One query per request, cached on the user."""
    if not user or not user.is_authenticated or not user.is_active:
        return {}
    return cached_for_request(
        user,
        _CACHE_ATTRIBUTE,
        lambda: dict(
            OrganizerMembership.objects.filter(user=user).values_list("conference_id", "role")
        ),
    )


def organized_conference_ids(user: Any, *, editing: bool = False) -> frozenset[int]:
    """Ids of the conferences the user is a member of (editing=True: may change them)."""
    roles = membership_roles(user)
    if editing:
        return frozenset(pk for pk, role in roles.items() if role in EDITING_ROLES)
    return frozenset(roles)


def _holds(user: Any, obj: Any, *, editing: bool) -> bool:
    ids = organized_conference_ids(user, editing=editing)
    if obj is None:
        return bool(ids)  # "for some conference": list pages, the admin index
    conference = conference_of(obj)
    return conference is not None and conference.pk in ids


@rules.predicate
def is_site_admin(user: Any) -> bool:
    """An active superuser: runs the whole site."""
    return bool(user and user.is_active and user.is_superuser)


@rules.predicate
def is_conference_member(user: Any, obj: Any) -> bool:
    """Any role (lead, organizer, volunteer) at the conference obj is or belongs to."""
    return _holds(user, obj, editing=False)


@rules.predicate
def is_conference_editor(user: Any, obj: Any) -> bool:
    """A lead or organizer (not a volunteer) of the conference obj is or belongs to."""
    return _holds(user, obj, editing=True)


@rules.predicate
def is_released(user: Any, obj: Any) -> bool:
    """A released schedule, or a slot of one: these never change (not even by staff)."""
    schedule = getattr(obj, "schedule", obj)
    return bool(getattr(schedule, "is_released", False))


# Members read a conference's unpublished data; editors change it; site admins do both.
may_view_conference = is_conference_member | is_site_admin
may_change_conference = is_conference_editor | is_site_admin

rules.add_perm("conference.view_conference", may_view_conference)
rules.add_perm("conference.change_conference", may_change_conference)
rules.add_perm("conference.change_room", may_change_conference)  # add, change, delete
rules.add_perm("conference.change_track", may_change_conference)  # add, change, delete
rules.add_perm("conference.close_followups", may_change_conference)
