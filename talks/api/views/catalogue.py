"""Talks, speakers and tags: per conference and across the whole catalogue."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from talks.api.filters import SpeakerFilter, TagFilter, TalkFilter
from talks.api.permissions import RulesPermission
from talks.api.serializers.catalogue import (
    SpeakerWithTalksSerializer,
    SpeakerWriteSerializer,
    TagSerializer,
    TalkSerializer,
    TalkWriteSerializer,
)
from talks.api.views.base import (
    EXPAND_PARAMETER,
    LIST_FILTER_BACKENDS,
    ConferenceRouteMixin,
    HallwayAPIMixin,
)
from talks.api.visibility import Viewer, released_slots
from talks.models import Speaker, Tag, Talk, TalkSpeaker
from talks.page_scopes import api_conference_speaker_pages
from talks.selectors import talk_speakers_prefetch
from talks.services import (
    speaker_create,
    speaker_delete,
    speaker_update,
    talk_create,
    talk_delete,
    talk_update,
)


def with_talk_output_relations(queryset: QuerySet[Talk]) -> QuerySet[Talk]:
    """Everything TalkSerializer reads, in a constant number of queries."""
    return queryset.select_related("conference", "track").prefetch_related(
        talk_speakers_prefetch(),
        "tags",
        Prefetch("slots", queryset=released_slots(), to_attr="released_slots"),
    )


def with_speaker_talks(queryset: QuerySet[Speaker], viewer: Viewer) -> QuerySet[Speaker]:
    talks = (
        viewer.talks()
        .select_related("conference")
        .order_by("-conference__start_date", "title", "id")
    )
    return queryset.prefetch_related(Prefetch("talks", queryset=talks, to_attr="visible_talks"))


TALK_ORDERING_FIELDS = ["title", "updated_at", "created_at"]
TALK_LIST_DOC = extend_schema(parameters=[EXPAND_PARAMETER])


@extend_schema_view(list=TALK_LIST_DOC, retrieve=TALK_LIST_DOC)
class TalkCatalogueViewSet(HallwayAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Talks across all conferences; filter with ``?conference=`` and friends."""

    serializer_class = TalkSerializer
    permission_classes = [RulesPermission]
    permission_map = {"list": None, "retrieve": None}
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = TalkFilter
    ordering_fields = TALK_ORDERING_FIELDS
    ordering = ["title", "id"]

    def get_queryset(self) -> QuerySet[Talk]:
        return with_talk_output_relations(self.viewer.talks())


@extend_schema_view(
    list=TALK_LIST_DOC,
    retrieve=TALK_LIST_DOC,
    create=extend_schema(request=TalkWriteSerializer, responses={201: TalkSerializer}),
    update=extend_schema(request=TalkWriteSerializer, responses=TalkSerializer),
    partial_update=extend_schema(request=TalkWriteSerializer, responses=TalkSerializer),
)
class TalkViewSet(ConferenceRouteMixin, viewsets.ModelViewSet):
    """A conference's talks. Its organizers add, change and delete them."""

    serializer_class = TalkSerializer
    permission_classes = [RulesPermission]
    permission_map = {
        "list": None,
        "retrieve": None,
        "create": "talks.add_talk",
        "update": "talks.change_talk",
        "partial_update": "talks.change_talk",
        "destroy": "talks.delete_talk",
    }
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = TalkFilter
    ordering_fields = TALK_ORDERING_FIELDS
    ordering = ["title", "id"]

    def get_queryset(self) -> QuerySet[Talk]:
        if self.is_schema_generation():
            return Talk.objects.none()
        talks = self.viewer.talks().filter(conference=self.get_conference())
        return with_talk_output_relations(talks)

    def _write(self, request: Request, talk: Talk | None, *, partial: bool) -> Response:
        serializer = TalkWriteSerializer(
            talk, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        kwargs = serializer.to_service_kwargs()
        if talk is None:
            talk = talk_create(conference=self.get_conference(), **kwargs)
        else:
            talk = talk_update(talk=talk, **kwargs)
        fresh = self.get_queryset().get(pk=talk.pk)
        return Response(TalkSerializer(fresh, context=self.get_serializer_context()).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = self._write(request, None, partial=False)
        response.status_code = status.HTTP_201_CREATED
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._write(request, self.get_object(), partial=kwargs.get("partial", False))

    def perform_destroy(self, instance: Talk) -> None:
        talk_delete(talk=instance, user=self.request.user)


class ConferenceSpeakerViewSet(ConferenceRouteMixin, viewsets.ReadOnlyModelViewSet):
    """The speakers of a conference, each with their (visible) talks everywhere."""

    serializer_class = SpeakerWithTalksSerializer
    page_scopes = api_conference_speaker_pages
    permission_classes = [RulesPermission]
    permission_map = {"list": None, "retrieve": None}
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = SpeakerFilter
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Speaker]:
        if self.is_schema_generation():
            return Speaker.objects.none()
        talks_here = self.viewer.talks().filter(conference=self.get_conference())
        speaks_here = TalkSpeaker.objects.filter(speaker=OuterRef("pk"), talk__in=talks_here)
        speakers = self.viewer.speakers().filter(Exists(speaks_here))
        return with_speaker_talks(speakers, self.viewer)


@extend_schema_view(
    create=extend_schema(
        request=SpeakerWriteSerializer, responses={201: SpeakerWithTalksSerializer}
    ),
    update=extend_schema(request=SpeakerWriteSerializer, responses=SpeakerWithTalksSerializer),
    partial_update=extend_schema(
        request=SpeakerWriteSerializer, responses=SpeakerWithTalksSerializer
    ),
)
class SpeakerViewSet(HallwayAPIMixin, viewsets.ModelViewSet):
    """The speaker catalogue across conferences, each with their talks.

    Organizers add speakers, and change or remove those who speak only at their conferences.
    """

    serializer_class = SpeakerWithTalksSerializer
    permission_classes = [RulesPermission]
    permission_map = {
        "list": None,
        "retrieve": None,
        "create": "talks.add_speaker",
        "update": "talks.change_speaker",
        "partial_update": "talks.change_speaker",
        "destroy": "talks.delete_speaker",
    }
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = SpeakerFilter
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Speaker]:
        return with_speaker_talks(self.viewer.speakers(), self.viewer)

    def _respond(self, speaker: Speaker, status_code: int) -> Response:
        fresh = self.get_queryset().get(pk=speaker.pk)
        data = SpeakerWithTalksSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SpeakerWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        speaker = speaker_create(fields=dict(serializer.validated_data))
        return self._respond(speaker, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        speaker = self.get_object()
        serializer = SpeakerWriteSerializer(
            speaker, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        speaker = speaker_update(speaker=speaker, fields=dict(serializer.validated_data))
        return self._respond(speaker, status.HTTP_200_OK)

    def perform_destroy(self, instance: Speaker) -> None:
        speaker_delete(speaker=instance, user=self.request.user)


class TagViewSet(HallwayAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Tags used on talks."""

    serializer_class = TagSerializer
    permission_classes = [RulesPermission]
    permission_map = {"list": None, "retrieve": None}
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = TagFilter
    ordering_fields = ["name"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Tag]:
        return self.viewer.tags()
