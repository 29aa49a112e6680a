"""History pages (django-simple-history) that respect the organizer admin's scoping."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from conference.rules import is_site_admin


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when. Reverting to an old version is a change: the history
    form view would otherwise save for anyone allowed to read the history. The history
    of a deleted row (a merged speaker) is for superusers: whose it was is gone with it."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not is_site_admin(request.user):
            self.get_object(request, object_id)  # 404 outside the user's conferences
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        current = self.get_object(request, object_id)  # 404 outside the user's conferences
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
