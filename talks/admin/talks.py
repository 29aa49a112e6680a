"""Admin for talks (with their speakers and resources inline, cancel and CSV transfer)
and the tags they carry."""

from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import ngettext

from conference.admin_scoping import (
    ScopedModelAdmin,
    ScopedTabularInline,
    conference_list_filter,
    register_scope,
)
from conference.admin_writes import ServiceWritesMixin, Writes
from talks.admin import transfer
from talks.admin.history import ScopedHistoryAdmin
from talks.admin.resources import RESOURCE_WRITES, ResourceInline, approved_links_message
from talks.models import Bookmark, FollowUp, Resource, Speaker, Tag, Talk, TalkSpeaker
from talks.rules import attach_refused_message
from talks.selectors import speakers_attachable
from talks.services import (
    resource_approve,
    talk_cancel,
    talk_delete,
    talk_delete_refusals,
    talk_reinstate,
    talk_save,
)

register_scope(Talk, "conference")
register_scope(TalkSpeaker, "talk__conference")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are shared by all conferences: organizers use and add them, superusers edit."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("conference.view_conference")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("conference.view_conference")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("talks.add_tag")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("talks.change_tag", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("talks.change_tag", obj)


class TalkSpeakerInline(ScopedTabularInline):
    model = TalkSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]
    ordering = ["position", "id"]
    fields = ["position", "speaker"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """Speaker choices: talks.attach_speaker (speakers_attachable), plus those already
        on this talk, so someone else's speaker cannot be attached by id."""
        formset = super().get_formset(request, obj, **kwargs)
        # A foreign key's form field is a ModelChoiceField (autocomplete widget or not).
        field = cast(forms.ModelChoiceField, formset.form.base_fields["speaker"])
        conference = obj.conference if isinstance(obj, Talk) else None
        choices = Speaker.objects.filter(
            pk__in=speakers_attachable(user=request.user, conference=conference).values("pk")
        )
        if isinstance(obj, Talk) and obj.pk:
            choices |= Speaker.objects.filter(talk_speakers__talk=obj)
        field.queryset = choices.distinct()
        field.error_messages = {
            **field.error_messages,
            "invalid_choice": attach_refused_message(["this speaker"]),
        }
        return formset


class TalkAdminForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = "__all__"  # noqa: DJ007 - the admin decides which fields it shows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        conference, track = cleaned.get("conference"), cleaned.get("track")
        if conference and track and track.conference_id != conference.pk:
            self.add_error("track", f"{track} is a track of another conference.")
        if cleaned.get("state") == Talk.State.CANCELLED and not cleaned.get("cancellation_note"):
            self.add_error("cancellation_note", "Say why the talk is cancelled (shown publicly).")
        return cleaned


class CancelTalksForm(forms.Form):
    note = forms.CharField(
        max_length=300, help_text="Shown with the talk on the schedule, e.g. “Speaker is ill”."
    )


@admin.register(Talk)
class TalkAdmin(ServiceWritesMixin, ScopedModelAdmin, ScopedHistoryAdmin):
    change_permission = "talks.change_talk"
    form = TalkAdminForm
    list_display = [
        "title",
        "conference",
        "kind",
        "state",
        "track",
        "followup_count",
        "bookmark_count",
        "updated_at",
    ]
    list_filter = [conference_list_filter("conference"), "kind", "state"]
    search_fields = ["title", "abstract", "speakers__name", "uuid"]
    list_select_related = ["conference", "track"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference", "tags"]
    readonly_fields = ["uuid", "followup_count", "bookmark_count", "created_at", "updated_at"]
    inlines = [TalkSpeakerInline, ResourceInline]
    actions = ["cancel_talks", "reinstate_talks", "approve_resources"]
    history_list_display = ["state", "title"]
    writes = {
        Talk: Writes(
            save=lambda talk: talk_save(talk=talk),
            delete=lambda talk, user: talk_delete(talk=talk, user=user),
            refusals=lambda talk, user: talk_delete_refusals(talk=talk, user=user),
        ),
        Resource: RESOURCE_WRITES,
    }

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        request._talk_saved_with_inlines = True  # type: ignore[attr-defined]  # see save_model
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Talk, form: Any, change: bool) -> None:
        """On the change form, nothing yet: save_related stores the talk with its speakers
        and tags in one talk_save (one validation, one "talk.changed"). Elsewhere (the
        history page's revert, which has no inlines) the talk is stored here."""
        if getattr(request, "_talk_saved_with_inlines", False):
            return
        talk_save(talk=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        speakers = None
        for formset in formsets:
            if formset.model is TalkSpeaker:
                formset.save(commit=False)  # nothing written: fills the change message's lists
                kept = [
                    f.cleaned_data
                    for f in formset.forms
                    if f.cleaned_data.get("speaker") and not formset._should_delete_form(f)
                ]
                kept.sort(key=lambda row: row.get("position") or 0)
                speakers = [row["speaker"] for row in kept]
        tags = form.cleaned_data.get("tags")
        talk_save(talk=form.instance, speakers=speakers, tags=None if tags is None else list(tags))
        for formset in formsets:
            if formset.model is not TalkSpeaker:
                self.save_formset(request, form, formset, change=change)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path(
                "csv/<int:conference_id>/",
                view(partial(transfer.transfer_view, self)),
                name="talks_talk_csv",
            ),
            path(
                "csv/<int:conference_id>/<str:kind>.csv",
                view(transfer.export_view),
                name="talks_talk_csv_export",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Talk]:
        # Organizers see how many follow-ups a talk has, never what they say.
        followups = FollowUp.objects.filter(talk=OuterRef("pk")).values("talk")
        bookmarks = Bookmark.objects.filter(talk=OuterRef("pk")).values("talk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                followups_n=followups.annotate(n=Count("pk")).values("n"),
                bookmarks_n=bookmarks.annotate(n=Count("pk")).values("n"),
            )
        )

    @admin.display(description="Follow-ups")
    def followup_count(self, talk: Talk) -> int:
        return getattr(talk, "followups_n", None) or 0

    @admin.display(description="Bookmarks")
    def bookmark_count(self, talk: Talk) -> int:
        return getattr(talk, "bookmarks_n", None) or 0

    @admin.action(description="Cancel the selected talks (they stay on the schedule)")
    def cancel_talks(self, request: HttpRequest, queryset: QuerySet[Talk]) -> HttpResponse | None:
        talks = list(queryset)
        if not all(self.has_change_permission(request, t) for t in talks):
            raise PermissionDenied
        form = CancelTalksForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for talk in talks:
                talk_cancel(talk=talk, note=form.cleaned_data["note"])
            self.message_user(
                request,
                ngettext("Cancelled %(n)d talk.", "Cancelled %(n)d talks.", len(talks))
                % {"n": len(talks)},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Cancel talks",
            "talks": talks,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/talks/talk/cancel.html", context)

    @admin.action(description="Reinstate the selected cancelled talks")
    def reinstate_talks(self, request: HttpRequest, queryset: QuerySet[Talk]) -> None:
        talks = list(queryset.filter(state=Talk.State.CANCELLED))
        if not all(self.has_change_permission(request, t) for t in talks):
            raise PermissionDenied
        for talk in talks:
            talk_reinstate(talk=talk)
        self.message_user(
            request,
            ngettext("Reinstated %(n)d talk.", "Reinstated %(n)d talks.", len(talks))
            % {"n": len(talks)},
        )

    @admin.action(description="Approve attendee-submitted links of the selected talks")
    def approve_resources(self, request: HttpRequest, queryset: QuerySet[Talk]) -> None:
        if not all(self.has_change_permission(request, t) for t in queryset):
            raise PermissionDenied
        count = resource_approve(resources=Resource.objects.filter(talk__in=queryset))
        self.message_user(request, approved_links_message(count))
