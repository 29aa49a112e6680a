"""Admin for a talk's resources (slides, video, write-ups): their own list, and the
inline on the talk."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext

from conference.admin_scoping import (
    ScopedModelAdmin,
    ScopedTabularInline,
    conference_list_filter,
    register_scope,
)
from conference.admin_writes import ServiceWritesMixin, Writes
from talks.models import Resource
from talks.services import resource_approve, resource_delete, resource_save

RESOURCE_WRITES = Writes(
    save=lambda resource: resource_save(resource=resource),
    delete=lambda resource, user: resource_delete(resource=resource),
)


register_scope(Resource, "talk__conference")


def approved_links_message(count: int) -> str:
    return ngettext("Approved %(n)d link.", "Approved %(n)d links.", count) % {"n": count}


class ResourceInline(ScopedTabularInline):
    model = Resource
    extra = 0
    fields = ["kind", "url", "title", "author", "published_on", "approved", "submitted_by"]
    readonly_fields = ["submitted_by"]


@admin.register(Resource)
class ResourceAdmin(ServiceWritesMixin, ScopedModelAdmin):
    list_display = ["__str__", "talk", "kind", "published_on", "approved", "submitted_by"]
    list_filter = ["approved", "kind", conference_list_filter("talk__conference")]
    search_fields = ["title", "url", "talk__title", "author"]
    list_select_related = ["talk", "submitted_by"]
    autocomplete_fields = ["talk"]
    superuser_only_fields = ("submitted_by",)
    actions = ["approve"]
    writes = {Resource: RESOURCE_WRITES}

    @admin.action(description="Approve the selected links")
    def approve(self, request: HttpRequest, queryset: QuerySet[Resource]) -> None:
        if not all(self.has_change_permission(request, r) for r in queryset):
            raise PermissionDenied
        self.message_user(request, approved_links_message(resource_approve(resources=queryset)))
