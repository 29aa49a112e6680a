"""Conferences and, per conference, rooms and tracks."""

from typing import Any, cast

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.serializers import BaseSerializer

from conference.filters import ConferenceFilter
from conference.models import Conference, Room, Track
from conference.services import (
    room_create,
    room_delete,
    room_update,
    track_create,
    track_delete,
    track_update,
)
from talks.api.permissions import RulesPermission
from talks.api.serializers.conference import (
    ConferenceSerializer,
    RoomSerializer,
    TrackSerializer,
)
from talks.api.views.base import (
    ID_PATTERN,
    LIST_FILTER_BACKENDS,
    ConferenceRouteMixin,
    HallwayAPIMixin,
)


class ConferenceViewSet(HallwayAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Published conferences (and, for their organizers, unpublished ones)."""

    serializer_class = ConferenceSerializer
    permission_classes = [RulesPermission]
    permission_map = {"list": None, "retrieve": None}
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    filterset_class = ConferenceFilter
    ordering_fields = ["start_date", "name"]
    ordering = ["-start_date", "id"]

    def get_queryset(self) -> QuerySet[Conference]:
        return self.viewer.conferences().select_related("series", "venue")


class RoomViewSet(ConferenceRouteMixin, viewsets.ModelViewSet):
    """A conference's rooms, in schedule-grid order. Organizers add, change and remove them."""

    serializer_class = RoomSerializer
    lookup_value_regex = ID_PATTERN
    permission_classes = [RulesPermission]
    permission_map = {
        "list": None,
        "retrieve": None,
        "create": "conference.change_room",
        "update": "conference.change_room",
        "partial_update": "conference.change_room",
        "destroy": "conference.change_room",
    }
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["position", "name"]
    ordering = ["position", "id"]

    def get_queryset(self) -> QuerySet[Room]:
        if self.is_schema_generation():
            return Room.objects.none()
        return Room.objects.filter(conference=self.get_conference())

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = room_create(
            conference=self.get_conference(), fields=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        room = cast(Room, serializer.instance)
        serializer.instance = room_update(room=room, fields=dict(serializer.validated_data))

    def perform_destroy(self, instance: Any) -> None:
        room_delete(room=instance)


class TrackViewSet(ConferenceRouteMixin, viewsets.ModelViewSet):
    """A conference's tracks. Organizers add, change and remove them."""

    serializer_class = TrackSerializer
    permission_classes = [RulesPermission]
    permission_map = {
        "list": None,
        "retrieve": None,
        "create": "conference.change_track",
        "update": "conference.change_track",
        "partial_update": "conference.change_track",
        "destroy": "conference.change_track",
    }
    lookup_field = "slug"
    filter_backends = LIST_FILTER_BACKENDS
    ordering_fields = ["name", "slug"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Track]:
        if self.is_schema_generation():
            return Track.objects.none()
        return Track.objects.filter(conference=self.get_conference())

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.instance = track_create(
            conference=self.get_conference(), fields=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: BaseSerializer) -> None:
        track = cast(Track, serializer.instance)
        serializer.instance = track_update(track=track, fields=dict(serializer.validated_data))

    def perform_destroy(self, instance: Any) -> None:
        track_delete(track=instance)
