"""Who may do what: reads follow visibility (the querysets); writes need these."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from talks.api.visibility import viewer_of
from talks.rules import is_conference_organizer, is_site_admin


def may_run_conference(user: Any, conference: Any) -> bool:
    return bool(is_site_admin(user) or is_conference_organizer(user, conference))


class OrganizerWritesOnly(permissions.BasePermission):
    """Anyone reads what they can see; only the URL conference's organizers (or staff) write."""

    message = "Only this conference's organizers may change it."
    anonymous_reads = True  # the schema marks auth optional for reads

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated) and may_run_conference(
            request.user, view.get_conference()
        )


class OrganizersOnly(permissions.BasePermission):
    """Reads and writes for the URL conference's organizers (or staff) only."""

    message = "Only this conference's organizers may see or change its work in progress."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated) and may_run_conference(
            request.user, view.get_conference()
        )


class SpeakerWrites(permissions.BasePermission):
    """Organizers add speakers; talks.change_speaker decides who changes which."""

    message = "Only organizers of a conference this speaker speaks at may change them."
    anonymous_reads = True  # the schema marks auth optional for reads

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        viewer = viewer_of(request)
        return viewer.is_site_admin or bool(viewer.organized_ids)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.has_perm("talks.change_speaker", obj)
