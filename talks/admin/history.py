"""History pages (django-simple-history) that respect the organizer admin's scoping."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges, ModelDelta
from simple_history.template_utils import HistoricalRecordContextHelper

from conference.admin_scoping import may_open_accounts
from conference.rules import is_site_admin

HIDDEN_FIELDS_ATTR = "_hallway_history_hidden_fields"


class HidingContextHelper(HistoricalRecordContextHelper):
    """Lists a record's changes without the fields the viewer may not see."""

    def __init__(self, model: Any, record: HistoricalChanges, hidden: frozenset[str]) -> None:
        super().__init__(model, record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta: ModelDelta) -> list[dict[str, Any]]:
        shown = super().context_for_delta_changes(delta)
        return [
            context
            for context, change in zip(shown, delta.changes, strict=True)
            if change.field not in self.hidden
        ]


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when. Reverting to an old version is a change: the history
    form view would otherwise save for anyone allowed to read the history. The history
    of a deleted row (a merged speaker) is for superusers: whose it was is gone with it.
    The list of changes leaves out the fields the change form hides from the user
    (history_hidden_fields), and the form of an old version hides them like the change
    form does (it is built by get_form, so get_exclude applies)."""

    def history_hidden_fields(self, request: HttpRequest, obj: Any) -> frozenset[str]:
        """Fields whose changes the history must not show: what the change form hides
        from this user (the old values are as private as the current one)."""
        return frozenset()

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        hidden: frozenset[str] = frozenset()
        if not is_site_admin(request.user):
            obj = self.get_object(request, object_id)  # 404 outside the user's conferences
            hidden = self.history_hidden_fields(request, obj)
        setattr(request, HIDDEN_FIELDS_ATTR, hidden)
        # "Changed by" links to the user's admin page only for those who may open it.
        extra_context = {**(extra_context or {}), "may_view_users": may_open_accounts(request)}
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(
        self, request: HttpRequest, historical_record: HistoricalChanges
    ) -> HistoricalRecordContextHelper:
        hidden: frozenset[str] = getattr(request, HIDDEN_FIELDS_ATTR, frozenset())
        return HidingContextHelper(self.model, historical_record, hidden)

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
