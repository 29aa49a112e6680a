"""The released programme, schedule versions, and the work-in-progress slots."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from talks.api.conditional import check_if_match, slot_etags
from talks.api.permissions import RulesPermission
from talks.api.serializers.base import parse_expand
from talks.api.serializers.rows import released_slot_rows
from talks.api.serializers.schedule import (
    ReleasedScheduleSerializer,
    ScheduleReleaseSerializer,
    ScheduleVersionSerializer,
    SlotSerializer,
    SlotWriteSerializer,
)
from talks.api.views.base import (
    EXPAND_PARAMETER,
    ID_PATTERN,
    LIST_FILTER_BACKENDS,
    ConferenceRouteMixin,
)
from talks.api.visibility import Viewer, released_slots, released_slots_shown
from talks.models import Bookmark, Schedule, Slot
from talks.selectors import schedule_latest_release, talk_speakers_prefetch
from talks.services import (
    schedule_get_work_in_progress,
    schedule_release,
    slot_create,
    slot_delete,
    slot_update,
)

DAY_PARAMETER = OpenApiParameter(
    "day",
    OpenApiTypes.DATE,
    description="Only this conference day (YYYY-MM-DD); a day runs from the conference's "
    "day_change to the next. Without it: the whole conference.",
)


def slots_visible(queryset: QuerySet[Slot], viewer: Viewer) -> QuerySet[Slot]:
    """Breaks, and the slots of talks the viewer sees."""
    return queryset.filter(Q(talk__isnull=True) | Q(talk__in=viewer.talks().values("pk")))


def with_slot_output_relations(queryset: QuerySet[Slot], viewer: Viewer) -> QuerySet[Slot]:
    """Everything SlotSerializer reads, expanded or not, in a constant number of queries."""
    return (
        slots_visible(queryset, viewer)
        .select_related("room", "schedule__conference", "talk__conference", "talk__track")
        .defer("schedule__changelog")  # a snapshot of every talk, parsed once per slot
        .prefetch_related(
            Prefetch("talk__talk_speakers", queryset=talk_speakers_prefetch().queryset),
            "talk__tags",
            Prefetch("talk__slots", queryset=released_slots(), to_attr="released_slots"),
        )
    )


@extend_schema(parameters=[DAY_PARAMETER, EXPAND_PARAMETER], responses=ReleasedScheduleSerializer)
class ReleasedScheduleView(ConferenceRouteMixin, GenericAPIView):
    """The latest released schedule: a whole day, or the whole conference, in one response.

    ``?expand=talk,speakers,room`` includes talks, their speakers and rooms in full.
    """

    serializer_class = ReleasedScheduleSerializer
    pagination_class = None
    extra_query_params = ("day",)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        conference = self.get_conference()
        release = schedule_latest_release(conference=conference)
        if release is None:
            raise Http404("No schedule has been released for this conference yet.")
        day = self._day(request, conference.days)
        expand = parse_expand(request.query_params.get("expand"))
        slots = released_slots_shown(
            release=release,
            viewer=self.viewer,
            bounds=conference.day_bounds(day) if day is not None else None,
            with_talks="talk" in expand,
        )
        return Response(
            {
                "conference": conference.slug,
                "timezone": conference.timezone,
                "version": release.version,
                "released_at": release.released_at.astimezone(conference.tzinfo).isoformat()
                if release.released_at
                else None,
                "day": day.isoformat() if day else None,
                "days": [d.isoformat() for d in conference.days],
                # SlotSerializer's output (and schema), written without DRF's per-field
                # work: a whole conference is a thousand slots (serializers/rows.py).
                "slots": released_slot_rows(slots, expand=expand, request=request),
            }
        )

    def _day(self, request: Request, days: list[dt.date]) -> dt.date | None:
        raw = request.query_params.get("day")
        if not raw:
            return None
        field = serializers.DateField()
        try:
            day = field.run_validation(raw)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"day": exc.detail}) from exc
        if day not in days:
            raise serializers.ValidationError(
                {"day": [f"Not a day of this conference; choose from {days[0]} to {days[-1]}."]}
            )
        return day


@extend_schema_view(
    create=extend_schema(
        request=ScheduleReleaseSerializer,
        responses={201: ScheduleVersionSerializer},
        description="Publish the work-in-progress schedule as a new named version "
        "(organizers of this conference only).",
    )
)
class ScheduleVersionViewSet(
    ConferenceRouteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A conference's released schedule versions, newest first, each with its changelog."""

    serializer_class = ScheduleVersionSerializer
    permission_classes = [RulesPermission]
    permission_map = {"list": None, "retrieve": None, "create": "talks.release_schedule"}
    lookup_field = "version"
    lookup_value_regex = r"[^/]+"
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["released_at"]
    ordering = ["-released_at", "-id"]

    def get_queryset(self) -> QuerySet[Schedule]:
        if self.is_schema_generation():
            return Schedule.objects.none()
        return (
            Schedule.objects.released()
            .filter(conference=self.get_conference())
            .select_related("conference")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not self.is_schema_generation():
            # The changelog shows entries about the talks this viewer sees (one query).
            talks = self.viewer.talks().filter(conference=self.get_conference())
            context["visible_talk_uuids"] = frozenset(
                str(uuid) for uuid in talks.values_list("uuid", flat=True)
            )
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ScheduleReleaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        release = schedule_release(
            conference=self.get_conference(),
            version=serializer.validated_data["version"],
            comment=serializer.validated_data["comment"],
            user=request.user,
        )
        data = ScheduleVersionSerializer(release, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="The slot's ETag from a GET without ?expand; 412 if it changed since.",
)


@extend_schema_view(
    list=extend_schema(parameters=[EXPAND_PARAMETER]),
    retrieve=extend_schema(parameters=[EXPAND_PARAMETER]),
    create=extend_schema(request=SlotWriteSerializer, responses={201: SlotSerializer}),
    update=extend_schema(
        request=SlotWriteSerializer, responses=SlotSerializer, parameters=[IF_MATCH_PARAMETER]
    ),
    partial_update=extend_schema(
        request=SlotWriteSerializer, responses=SlotSerializer, parameters=[IF_MATCH_PARAMETER]
    ),
    destroy=extend_schema(parameters=[IF_MATCH_PARAMETER]),
)
class SlotViewSet(ConferenceRouteMixin, viewsets.ModelViewSet):
    """Slots of the work-in-progress schedule: its organizers (volunteers read only).

    Writes honour ``If-Match``: send the ETag from your last GET of the slot, and a change
    made by someone else since then is refused with 412 instead of being overwritten.
    """

    serializer_class = SlotSerializer
    permission_classes = [RulesPermission]
    permission_map = {
        "list": "talks.view_schedule_wip",
        "retrieve": "talks.view_schedule_wip",
        "create": "talks.change_slot",
        "update": "talks.change_slot",
        "partial_update": "talks.change_slot",
        "destroy": "talks.change_slot",
    }
    lookup_value_regex = ID_PATTERN
    honours_if_match = True
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["start", "updated_at"]
    ordering = ["start", "id"]

    def get_queryset(self) -> QuerySet[Slot]:
        if self.is_schema_generation():
            return Slot.objects.none()
        slots = Slot.objects.filter(
            schedule__conference=self.get_conference(), schedule__version=""
        )
        if self.action in ("update", "partial_update", "destroy"):
            # A write reads the slot alone (its ETag needs its talk's title and its zone);
            # _respond fetches what the answer shows. Three prefetches fewer per write.
            return slots_visible(slots, self.viewer).select_related(
                "room", "talk", "schedule__conference"
            )
        return with_slot_output_relations(slots, self.viewer)

    def _etag(self, slot: Slot) -> str:
        return slot_etags([slot])[slot.pk]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Without ?expand: the slot's own ETag, the one writes check If-Match against
        # (the page cache keeps it and answers If-None-Match with it). Expanded, the
        # response shows more than the slot: the page cache's ETag covers that.
        slot = self.get_object()
        response = Response(self.get_serializer(slot).data)
        if not self.get_serializer_context()["expand"]:
            response["ETag"] = self._etag(slot)
        return response

    def _respond(self, slot: Slot, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=slot.pk)
        data = SlotSerializer(fresh, context=self.get_serializer_context()).data
        response = Response(data, status=status_code)
        response["ETag"] = self._etag(fresh)
        return response

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SlotWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        slot = slot_create(
            schedule=schedule_get_work_in_progress(conference=self.get_conference()),
            **serializer.validated_data,
        )
        return self._respond(slot, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slot = self.get_object()
        check_if_match(request, self._etag(slot))
        serializer = SlotWriteSerializer(
            slot,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        slot = slot_update(slot=slot, fields=dict(serializer.validated_data))
        return self._respond(slot, status.HTTP_200_OK)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slot = self.get_object()
        check_if_match(request, self._etag(slot))
        slot_delete(slot=slot, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def personal_schedule_slots(viewer: Viewer) -> QuerySet[Slot]:
    """The released slots of the talks a user bookmarked, across conferences."""
    bookmarked = Bookmark.objects.filter(user=viewer.user).values("talk_id")
    slots = released_slots().filter(talk_id__in=bookmarked)
    return with_slot_output_relations(slots, viewer).order_by("start", "id")
