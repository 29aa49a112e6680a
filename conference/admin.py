"""Admin for conferences, rooms, tracks and memberships, scoped to each organizer's own."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from conference.admin_scoping import ScopedModelAdmin, ScopedTabularInline, SuperuserOnlyAdmin
from conference.admin_writes import ServiceWritesMixin, Writes
from conference.models import (
    Conference,
    OrganizerMembership,
    OutgoingMail,
    Room,
    Series,
    Track,
    Venue,
)
from conference.outbox import mail_retry_now
from conference.services import (
    conference_delete,
    conference_delete_refusals,
    conference_duplicate,
    conference_save,
    room_delete,
    room_save,
    track_delete,
    track_save,
)

ROOM_WRITES = Writes(
    save=lambda room: room_save(room=room), delete=lambda room, user: room_delete(room=room)
)
TRACK_WRITES = Writes(
    save=lambda track: track_save(track=track),
    delete=lambda track, user: track_delete(track=track),
)


@admin.register(Series)
class SeriesAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "address"]


class RoomInline(ScopedTabularInline):
    model = Room
    extra = 0
    change_permission = "conference.change_room"


class TrackInline(ScopedTabularInline):
    model = Track
    extra = 0
    change_permission = "conference.change_track"
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(ScopedTabularInline):
    model = OrganizerMembership
    extra = 0
    autocomplete_fields = ["user"]
    organizer_read_only = True  # who organizes is decided by a superuser


class DuplicateConferenceForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(max_length=100)
    start_date = forms.DateField(help_text="YYYY-MM-DD; the copy lasts as many days.")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Conference.objects.filter(slug=slug).exists():
            raise ValidationError("A conference with this slug exists already.")
        return slug


@admin.register(Conference)
class ConferenceAdmin(ServiceWritesMixin, ScopedModelAdmin):
    list_display = ["name", "series", "start_date", "end_date", "timezone", "venue", "published"]
    list_filter = ["published", "series", "start_date"]
    search_fields = ["name", "slug", "venue__city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["series", "venue"]
    inlines = [RoomInline, TrackInline, MembershipInline]
    actions = ["duplicate_conference"]
    change_form_template = "admin/conference/conference/change_form.html"
    organizer_can_add = False
    organizer_can_delete = False
    writes = {
        Conference: Writes(
            save=lambda conference: conference_save(conference=conference),
            delete=lambda conference, user: conference_delete(conference=conference, user=user),
            refusals=lambda conference, user: conference_delete_refusals(
                conference=conference, user=user
            ),
        ),
        Room: ROOM_WRITES,
        Track: TRACK_WRITES,
    }

    @admin.action(description="Duplicate as next edition (rooms and tracks, not talks)")
    def duplicate_conference(
        self, request: HttpRequest, queryset: QuerySet[Conference]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one conference.", messages.ERROR)
            return None
        conference = queryset.get()
        if not self.has_change_permission(request, conference):
            raise PermissionDenied
        form = DuplicateConferenceForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                copy = conference_duplicate(
                    conference=conference, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"Created {copy} with its rooms and tracks.")
                return redirect(reverse("admin:conference_conference_change", args=[copy.pk]))
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": f"Duplicate {conference}",
            "conference": conference,
            "form": form,
            "opts": self.model._meta,
            "action": "duplicate_conference",
        }
        return TemplateResponse(request, "admin/conference/duplicate.html", context)


@admin.register(Room)
class RoomAdmin(ServiceWritesMixin, ScopedModelAdmin):
    writes = {Room: ROOM_WRITES}
    change_permission = "conference.change_room"
    list_display = ["name", "conference", "capacity", "position"]
    list_filter = [("conference", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "conference__name"]
    list_select_related = ["conference"]


@admin.register(Track)
class TrackAdmin(ServiceWritesMixin, ScopedModelAdmin):
    writes = {Track: TRACK_WRITES}
    change_permission = "conference.change_track"
    list_display = ["name", "conference", "colour"]
    list_filter = [("conference", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "conference__name"]
    list_select_related = ["conference"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrganizerMembership)
class OrganizerMembershipAdmin(ScopedModelAdmin):
    list_display = ["user", "conference", "role", "created_at"]
    list_filter = ["role", ("conference", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__email", "conference__name"]
    list_select_related = ["user", "conference"]
    autocomplete_fields = ["user", "conference"]
    organizer_read_only = True


@admin.register(OutgoingMail)
class OutgoingMailAdmin(SuperuserOnlyAdmin):
    """The e-mail outbox, for the site's operators: attendee addresses and messages are
    private, so superusers only. Read-only; "retry now" sends given-up messages again."""

    list_display = ["kind", "to", "status", "attempts", "last_error", "next_attempt_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Retry now (given-up or waiting messages)")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutgoingMail]) -> None:
        count = mail_retry_now(mail_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} message(s) queued to be sent now.", messages.SUCCESS)
