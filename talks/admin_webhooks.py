"""Admin for webhooks and their delivery log (registered from TalksConfig.ready()).

Organizers see and edit only their conferences' webhooks; the log is read-only.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from conference.models import Conference
from talks.models import Webhook, WebhookDelivery
from talks.rules import is_conference_organizer


def _organized(request: HttpRequest) -> QuerySet[Conference]:
    return Conference.objects.filter(memberships__user_id=getattr(request.user, "pk", 0))


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ("event", "status", "attempts", "response_status", "error", "last_attempt_at")
    readonly_fields = fields
    ordering = ["-created_at"]
    max_num = 0
    show_change_link = True


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["url", "conference", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "conference__name"]
    inlines = [WebhookDeliveryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Webhook]:
        queryset = super().get_queryset(request).select_related("conference")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(conference__in=_organized(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "conference" and not request.user.is_superuser:
            kwargs["queryset"] = _organized(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and is_conference_organizer(request.user, obj)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "webhook", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        queryset = super().get_queryset(request).select_related("webhook__conference")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(webhook__conference__in=_organized(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
