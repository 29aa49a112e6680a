"""Admin for webhooks and their delivery log (registered from TalksConfig.ready()).

Organizers holding Django's webhook permissions see their conferences' webhooks; the
conference's editors (not volunteers) add, change and delete them (talks.manage_webhooks).
The log is read-only.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from conference.admin_scoping import register_scope, scope_queryset
from conference.models import Conference
from talks.interchange.webhooks import webhook_retry_now
from talks.models import Webhook, WebhookDelivery

register_scope(Webhook, "conference")
register_scope(WebhookDelivery, "webhook__conference")


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
        return scope_queryset(super().get_queryset(request), request.user).select_related(
            "conference"
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "conference":
            kwargs["queryset"] = scope_queryset(
                Conference.objects.all(), request.user, editing=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_manage(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("talks.manage_webhooks", obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may_manage(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "webhook", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry_now"]

    @admin.action(description="Retry now (failed or waiting deliveries)")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        # Only deliveries of webhooks this user may manage (talks.manage_webhooks).
        allowed = [
            delivery.pk
            for delivery in queryset.select_related("webhook__conference")
            if request.user.has_perm("talks.manage_webhooks", delivery.webhook)
        ]
        count = webhook_retry_now(delivery_ids=allowed)
        self.message_user(
            request, f"{count} delivery(ies) queued to be sent now.", messages.SUCCESS
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        queryset = super().get_queryset(request).select_related("webhook__conference")
        return scope_queryset(queryset, request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
