"""Admin for speakers: scoped to the organizer's conferences (and speakers without talks
yet), merge and invitation actions."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from conference.admin_scoping import ScopedModelAdmin, conference_list_filter, register_scope
from conference.admin_writes import ServiceWritesMixin, Writes
from talks.admin.availability import AVAILABILITY_WRITES, AvailabilityInline
from talks.admin.history import ScopedHistoryAdmin
from talks.admin.speaker_permissions import SpeakerPermissionsMixin
from talks.followups.services import speaker_invite
from talks.models import Speaker, SpeakerAvailability, TalkSpeaker
from talks.selectors import speakers_attachable, speakers_possible_duplicates
from talks.services import speaker_delete, speaker_delete_refusals, speaker_merge, speaker_save


def _speakers_of(queryset: QuerySet[Any], conference_ids: frozenset[int]) -> QuerySet[Any]:
    """Speakers with a talk in these conferences, and speakers without talks yet."""
    talks = TalkSpeaker.objects.filter(speaker=OuterRef("pk"))
    return queryset.filter(
        Q(Exists(talks.filter(talk__conference_id__in=conference_ids))) | ~Q(Exists(talks))
    )


register_scope(Speaker, _speakers_of)


class PossibleDuplicatesFilter(admin.SimpleListFilter):
    """Speakers sharing a normalised name with another: select two, then "Merge"."""

    title = "possible duplicates"
    parameter_name = "duplicates"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("name", "Same name once accents and case are set aside")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "name":
            return speakers_possible_duplicates(queryset)
        return queryset


class SpeakerAdmin(
    SpeakerPermissionsMixin, ServiceWritesMixin, ScopedModelAdmin, ScopedHistoryAdmin
):
    list_display = ["name", "affiliation", "slug", "user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "affiliation"]
    list_filter = [conference_list_filter("talks__conference"), PossibleDuplicatesFilter]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    superuser_only_fields = ("user",)
    actions = ["merge_speakers", "invite_speakers"]
    inlines = [AvailabilityInline]
    writes = {
        Speaker: Writes(
            save=lambda speaker: speaker_save(speaker=speaker),
            delete=lambda speaker, user: speaker_delete(speaker=speaker, user=user),
            refusals=lambda speaker, user: speaker_delete_refusals(speaker=speaker, user=user),
        ),
        SpeakerAvailability: AVAILABILITY_WRITES,
    }

    def _hides_email(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and not request.user.has_perm("talks.view_speaker_email", obj)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        # The private e-mail address: talks.view_speaker_email (a new profile's form has it).
        if self._hides_email(request, obj):
            return ["email"]
        return super().get_exclude(request, obj)

    def history_hidden_fields(self, request: HttpRequest, obj: Any) -> frozenset[str]:
        return frozenset({"email"}) if self._hides_email(request, obj) else frozenset()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Speaker], search_term: str
    ) -> tuple[QuerySet[Speaker], bool]:
        # The talk form's speaker autocomplete offers only speakers the user may attach.
        if (
            request.GET.get("app_label") == "talks"
            and request.GET.get("model_name") == "talkspeaker"
            and request.GET.get("field_name") == "speaker"
        ):
            queryset = queryset.filter(pk__in=speakers_attachable(user=request.user).values("pk"))
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description="Merge the two selected speakers (same person)")
    def merge_speakers(
        self, request: HttpRequest, queryset: QuerySet[Speaker]
    ) -> HttpResponse | None:
        speakers = list(queryset.order_by("pk"))
        if len(speakers) != 2:
            self.message_user(request, "Select exactly two speakers to merge.", messages.ERROR)
            return None
        # Merging rewrites every conference's programme the two speak at.
        if not all(request.user.has_perm("talks.merge_speaker", s) for s in speakers):
            raise PermissionDenied
        survivor_pk = request.POST.get("survivor")
        if "apply" in request.POST and survivor_pk in {str(s.pk) for s in speakers}:
            survivor = next(s for s in speakers if str(s.pk) == survivor_pk)
            duplicate = next(s for s in speakers if s is not survivor)
            try:
                speaker_merge(survivor=survivor, duplicate=duplicate)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(request, f"Merged {duplicate.name} into {survivor.name}.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "speakers": speakers,
            "talk_counts": {s.pk: s.talks.count() for s in speakers},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/talks/speaker/merge.html", context)

    @admin.action(description="Invite to claim their profile (e-mail)")
    def invite_speakers(self, request: HttpRequest, queryset: QuerySet[Speaker]) -> None:
        for speaker in queryset:
            if not self._may_change(request, speaker):
                raise PermissionDenied
            try:
                speaker_invite(speaker=speaker, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                self.message_user(request, f"Invited {speaker} to claim their profile.")


admin.site.register(Speaker, SpeakerAdmin)
