"""Admin for what attendees leave on talks: follow-ups (for their speakers and
superusers) and bookmarks (superusers only)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from conference.admin_scoping import SuperuserOnlyAdmin
from conference.rules import is_site_admin
from talks.models import Bookmark, FollowUp, FollowUpNote


class FollowUpNoteInline(admin.StackedInline):
    model = FollowUpNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    """Follow-up contents: superusers, and staff among the speakers it was written to.
    Organizers see only the counts on the talk list."""

    list_display = ["__str__", "talk", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["talk__title", "name", "message"]
    list_select_related = ["talk"]
    raw_id_fields = ["author", "talk"]
    # Recipients are whom the attendee wrote to: set when it came in, never edited.
    readonly_fields = ["token", "recipients", "created_at", "updated_at"]
    inlines = [FollowUpNoteInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FollowUp]:
        queryset = super().get_queryset(request)
        if is_site_admin(request.user):
            return queryset
        return queryset.filter(recipients__user=request.user)

    def _may(self, request: HttpRequest, permission: str, obj: Any = None) -> bool:
        user = request.user
        if obj is not None or is_site_admin(user):
            return user.has_perm(permission, obj)
        # The list: staff who speak on a talk with follow-ups.
        return bool(user.is_active and user.is_staff) and self.get_queryset(request).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, "talks.view_followup")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "talks.view_followup", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "talks.change_followup", obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(is_site_admin(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(is_site_admin(request.user))


@admin.register(Bookmark)
class BookmarkAdmin(SuperuserOnlyAdmin):
    """Attendees' personal schedules: organizers see counts on talks, not who."""

    list_display = ["user", "talk", "created_at"]
    search_fields = ["user__username", "talk__title"]
    list_select_related = ["user", "talk"]
    raw_id_fields = ["user", "talk"]
