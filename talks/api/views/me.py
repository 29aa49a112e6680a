"""The signed-in user: profile, bookmarks, personal schedule and API tokens."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from talks.api.serializers.me import (
    ApiTokenCreatedSerializer,
    ApiTokenSerializer,
    BookmarkCreateSerializer,
    BookmarkSerializer,
    MeSerializer,
)
from talks.api.serializers.schedule import SlotSerializer
from talks.api.views.base import (
    EXPAND_PARAMETER,
    ID_PATTERN,
    LIST_FILTER_BACKENDS,
    HallwayAPIMixin,
)
from talks.api.views.catalogue import with_talk_output_relations
from talks.api.views.schedule import personal_schedule_slots
from talks.models import ApiToken, Bookmark, Slot
from talks.services import api_token_create, api_token_revoke, bookmark_add, bookmark_remove


class MeView(HallwayAPIMixin, GenericAPIView):
    """Who you are signed in as: your speaker profile and the conferences you organize."""

    serializer_class = MeSerializer
    page_scopes = None  # the viewer's own data: not through the page cache
    permission_classes = [IsAuthenticated]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(MeSerializer(request.user, context=self.get_serializer_context()).data)


@extend_schema_view(
    create=extend_schema(request=BookmarkCreateSerializer, responses={201: BookmarkSerializer}),
    destroy=extend_schema(description="Remove your bookmark of this talk (its id, a uuid)."),
)
class BookmarkViewSet(
    HallwayAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your bookmarked talks ("I'm going"). Adding twice keeps one bookmark."""

    serializer_class = BookmarkSerializer
    page_scopes = None  # the viewer's own data: not through the page cache
    permission_classes = [IsAuthenticated]
    lookup_field = "talk__uuid"
    lookup_url_kwarg = "talk_id"
    lookup_value_regex = r"[0-9a-fA-F-]{36}"
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[Bookmark]:
        if self.is_schema_generation():
            return Bookmark.objects.none()
        talks = with_talk_output_relations(self.viewer.talks())
        return Bookmark.objects.filter(
            user=self.viewer.user, talk__in=self.viewer.talks().values("pk")
        ).prefetch_related(Prefetch("talk", queryset=talks))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = BookmarkCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        bookmark = bookmark_add(user=request.user, talk=serializer.validated_data["talk"])
        fresh = self.get_queryset().get(pk=bookmark.pk)
        data = BookmarkSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        bookmark = self.get_object()
        bookmark_remove(user=request.user, talk=bookmark.talk)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[EXPAND_PARAMETER], responses=SlotSerializer(many=True))
class PersonalScheduleView(HallwayAPIMixin, GenericAPIView):
    """Your bookmarked talks' slots in their conferences' latest released schedules."""

    serializer_class = SlotSerializer
    page_scopes = None  # the viewer's own data: not through the page cache
    permission_classes = [IsAuthenticated]
    pagination_class = None
    queryset = Slot.objects.none()  # for the schema; get() builds the real one

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        slots = personal_schedule_slots(self.viewer)
        return Response(
            SlotSerializer(slots, many=True, context=self.get_serializer_context()).data
        )


@extend_schema_view(
    create=extend_schema(request=ApiTokenSerializer, responses={201: ApiTokenCreatedSerializer}),
    destroy=extend_schema(description="Revoke the token: it stops working at once."),
)
class ApiTokenViewSet(
    HallwayAPIMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your API tokens. The key is shown once, when you create one; only a hash is kept."""

    serializer_class = ApiTokenSerializer
    page_scopes = None  # the viewer's own data: not through the page cache
    lookup_value_regex = ID_PATTERN
    permission_classes = [IsAuthenticated]
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[ApiToken]:
        if self.is_schema_generation():
            return ApiToken.objects.none()
        return ApiToken.objects.active().filter(user=self.viewer.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApiTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = api_token_create(user=request.user, name=serializer.validated_data["name"])
        data = {**ApiTokenSerializer(token).data, "key": key}  # shown once, never stored
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = self.get_object()
        api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
