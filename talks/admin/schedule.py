"""Admin for schedules and slots: the work in progress, the day view and releases."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from conference.admin_scoping import (
    ScopedModelAdmin,
    ScopedTabularInline,
    conference_list_filter,
    register_scope,
    scope_queryset,
)
from conference.admin_writes import ServiceWritesMixin, Writes
from conference.models import Conference
from talks.admin.history import ScopedHistoryAdmin
from talks.forms import ReleaseForm
from talks.models import Schedule, Slot
from talks.scheduling import schedule_conflicts, schedule_day_grid, slot_validate_placement
from talks.selectors import schedule_latest_release
from talks.services import (
    schedule_changelog,
    schedule_delete,
    schedule_get_work_in_progress,
    schedule_save,
    slot_delete,
    slot_delete_refusals,
    slot_save,
)
from talks.views.common import conference_day_or_404

SLOT_WRITES = Writes(
    save=lambda slot: slot_save(slot=slot),
    delete=lambda slot, user: slot_delete(slot=slot, user=user),
    refusals=lambda slot, user: slot_delete_refusals(slot=slot, user=user),
)

register_scope(Schedule, "conference")
register_scope(Slot, "schedule__conference")


def in_zone_of(conference: Conference | None, render: Callable[[], Any]) -> Any:
    """An admin page rendered with the conference's time zone active: times in its forms,
    lists and titles read as at the venue, as everywhere else in Hallway."""
    if conference is None:
        return render()
    with timezone.override(conference.tzinfo):
        response = render()
        if hasattr(response, "render"):
            response.render()  # while the zone is active
    return response


class ConferenceZoneMixin:
    """Change forms entered and shown in their conference's zone (zone_conference says
    which conference; None: the server's zone, UTC)."""

    def zone_conference(self, request: HttpRequest, object_id: str | None) -> Conference | None:
        raise NotImplementedError

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        conference = self.zone_conference(request, object_id)
        if conference is not None:
            subtitle = f"Times in {conference.timezone}"
            extra_context = {**(extra_context or {}), "subtitle": subtitle}
        view = super().changeform_view  # type: ignore[misc]  # the ModelAdmin mixed in
        return in_zone_of(conference, lambda: view(request, object_id, form_url, extra_context))


class SlotInline(ScopedTabularInline):
    """The slots of a schedule, to read; they are edited one by one (validated) as Slots."""

    model = Slot
    extra = 0
    change_permission = "talks.change_slot"
    fields = ["start", "end", "room", "talk", "title"]
    readonly_fields = ["start", "end", "room", "talk", "title"]
    can_delete = False
    show_change_link = True
    ordering = ["start", "room__position"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Slot]:
        return super().get_queryset(request).select_related("room", "talk")


@admin.register(Schedule)
class ScheduleAdmin(ConferenceZoneMixin, ServiceWritesMixin, ScopedModelAdmin):
    list_display = [
        "conference",
        "version_or_wip",
        "released_at",
        "released_by",
        "slot_count",
        "links",
    ]
    list_filter = [conference_list_filter("conference")]
    search_fields = ["conference__name", "version"]
    list_select_related = ["conference", "released_by"]
    fields = ["conference", "version", "released_at", "released_by", "comment"]
    readonly_fields = ["conference", "version", "released_at", "released_by"]
    inlines = [SlotInline]
    organizer_can_add = False
    organizer_can_delete = False
    writes = {
        Schedule: Writes(
            save=lambda schedule: schedule_save(schedule=schedule),
            delete=lambda schedule, user: schedule_delete(schedule=schedule, user=user),
        ),
        Slot: SLOT_WRITES,
    }

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # the work in progress is made on first use; releases by "release"

    def zone_conference(self, request: HttpRequest, object_id: str | None) -> Conference | None:
        """Its slots' times and its release time as at the venue."""
        schedules = scope_queryset(Schedule.objects.select_related("conference"), request.user)
        schedule = schedules.filter(pk=object_id).first() if str(object_id).isdigit() else None
        return schedule.conference if schedule is not None else None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Schedule]:
        return super().get_queryset(request).annotate(slots_n=Count("slots"))

    @admin.display(description="Version")
    def version_or_wip(self, schedule: Schedule) -> str:
        return schedule.version or "work in progress"

    @admin.display(description="Slots")
    def slot_count(self, schedule: Schedule) -> int:
        return getattr(schedule, "slots_n", 0)

    @admin.display(description="Plan and publish")
    def links(self, schedule: Schedule) -> str:
        if schedule.is_released:
            return format_html(
                '<a href="{}">Public changelog</a>',
                reverse("schedule_changes:list", kwargs={"slug": schedule.conference.slug}),
            )
        return format_html(
            '<a href="{}">Schedule editor</a> · <a href="{}">Day schedule</a> · '
            '<a href="{}">Release a version</a>',
            reverse("conference:schedule_edit", kwargs={"slug": schedule.conference.slug}),
            reverse("admin:talks_schedule_day", args=[schedule.conference_id]),
            reverse("admin:talks_schedule_release", args=[schedule.conference_id]),
        )

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:conference_id>/day/", view(self.day_view), name="talks_schedule_day"),
            path(
                "<int:conference_id>/release/",
                view(self.release_view),
                name="talks_schedule_release",
            ),
            *super().get_urls(),
        ]

    def _conference(self, request: HttpRequest, conference_id: int) -> Conference:
        conferences = scope_queryset(Conference.objects.all(), request.user)
        return get_object_or_404(conferences, pk=conference_id)

    def day_view(self, request: HttpRequest, conference_id: int) -> HttpResponse:
        """Rooms × time for one day: the work in progress, its conflicts, and what differs
        from the released version."""
        conference = self._conference(request, conference_id)
        raw = request.GET.get("day")
        day = conference_day_or_404(conference, raw) if raw else conference.start_date
        context = {
            **self.admin_site.each_context(request),
            **schedule_day_grid(conference=conference, day=day),
            "title": f"{conference}: {day:%A %d %B %Y}",
            "conference": conference,
            "day": day,
            "opts": self.model._meta,
            "may_change": request.user.has_perm("talks.change_slot", conference),
        }
        return TemplateResponse(request, "admin/talks/schedule/day.html", context)

    def release_view(self, request: HttpRequest, conference_id: int) -> HttpResponse:
        """Name and release the work in progress, after a look at what will change."""
        conference = self._conference(request, conference_id)
        if not request.user.has_perm("talks.release_schedule", conference):
            raise PermissionDenied
        form = ReleaseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            release = form.release(conference=conference, user=request.user)
            if release is not None:
                self.message_user(request, f"Released version {release.version}.")
                return redirect(reverse("admin:talks_schedule_change", args=[release.pk]))
        wip = schedule_get_work_in_progress(conference=conference)

        previous = schedule_latest_release(conference=conference)
        changes = [
            c for c in schedule_changelog(previous=previous, current=wip) if c["type"] != "snapshot"
        ]
        conflicts = schedule_conflicts(schedule=wip)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Release the schedule of {conference}",
            "conference": conference,
            "form": form,
            "previous": previous,
            "changes": changes,
            "conflicts": conflicts,
            "clashes": sum(conflict.kind == "clash" for conflict in conflicts),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/talks/schedule/release.html", context)


class SlotAdminForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["schedule", "room", "talk", "title", "start", "end"]

    def _post_clean(self) -> None:
        # After the model's own full_clean(), on the instance the form has filled in:
        # Django's documented hook for cross-field model validation in forms.
        super()._post_clean()  # type: ignore[misc]  # not in django-stubs
        if self.errors or not self.instance.schedule_id:
            return
        try:
            slot_validate_placement(self.instance)
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]  # not in django-stubs


@admin.register(Slot)
class SlotAdmin(ConferenceZoneMixin, ServiceWritesMixin, ScopedModelAdmin, ScopedHistoryAdmin):
    change_permission = "talks.change_slot"
    form = SlotAdminForm
    list_display = ["__str__", "schedule", "room", "local_start", "local_end", "clash"]
    # "Clash: yes" lists what an import kept overlapping, as its file had it.
    list_filter = [conference_list_filter("schedule__conference"), "schedule__version", "clash"]
    search_fields = ["title", "talk__title"]
    list_select_related = ["schedule__conference", "room", "talk"]
    autocomplete_fields = ["talk"]
    ordering = ["schedule", "start"]
    history_list_display = ["room", "start", "end"]
    writes = {Slot: SLOT_WRITES}

    @admin.display(description="Start (local)", ordering="start")
    def local_start(self, slot: Slot) -> str:
        return f"{slot.local_start:%a %d %b %H:%M}"

    @admin.display(description="End (local)", ordering="end")
    def local_end(self, slot: Slot) -> str:
        return f"{slot.local_end:%H:%M}"

    def zone_conference(self, request: HttpRequest, object_id: str | None) -> Conference | None:
        """The slot's conference; for a new slot, its chosen schedule's, or the user's only
        conference."""
        schedule_id = request.POST.get("schedule") or request.GET.get("schedule")
        schedules = scope_queryset(Schedule.objects.select_related("conference"), request.user)
        schedule = None
        if object_id is not None:
            slots = Slot.objects.filter(pk=object_id) if str(object_id).isdigit() else None
            slot = scope_queryset(slots, request.user).first() if slots is not None else None
            schedule = slot.schedule if slot else None
        elif schedule_id and str(schedule_id).isdigit():
            schedule = schedules.filter(pk=schedule_id).first()
        if schedule is not None:
            return schedule.conference
        conferences = scope_queryset(Conference.objects.all(), request.user, editing=True)
        return conferences.first() if conferences.count() == 1 else None

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        view = super().history_view
        conference = self.zone_conference(request, object_id)
        return in_zone_of(conference, lambda: view(request, object_id, extra_context))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "schedule":
            # Slots go into a work in progress only; make sure each conference has one.
            editable = scope_queryset(Conference.objects.all(), request.user, editing=True)
            for conference in editable.exclude(schedules__version=""):
                schedule_get_work_in_progress(conference=conference)
            kwargs["queryset"] = Schedule.objects.work_in_progress().select_related("conference")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Slot, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for conflict in schedule_conflicts(schedule=obj.schedule, slots=[obj]):
            self.message_user(request, f"Warning: {conflict.message}", messages.WARNING)
