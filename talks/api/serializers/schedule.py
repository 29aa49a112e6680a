"""Schedules: released versions with their changelog, slots, and slot input."""

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conference.models import Conference, Room
from talks.api.schema import ExpandableField
from talks.api.serializers.base import (
    LocalDateTimeField,
    LocalTimesMixin,
    TalkIdField,
    nested,
    wants,
)
from talks.api.serializers.catalogue import TalkSerializer
from talks.api.serializers.conference import RoomSerializer
from talks.models import Schedule, Slot, Talk
from talks.selectors.visibility import changelog_public, changelog_talk_uuids, talk_uuids_public

CHANGELOG_ENTRY_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {
            "type": "string",
            "enum": ["added", "removed", "moved", "renamed", "cancelled"],
        },
        "talk": {"type": "string", "format": "uuid"},
        "title": {"type": "string"},
        "from": {"type": "object", "additionalProperties": {"type": "string"}},
        "to": {"type": "object", "additionalProperties": {"type": "string"}},
        "from_title": {"type": "string"},
    },
    "required": ["type", "talk", "title"],
}


class ScheduleVersionSerializer(LocalTimesMixin, serializers.ModelSerializer):
    """A released version of a conference's schedule and what changed in it."""

    released_at = LocalDateTimeField(read_only=True)
    changelog = serializers.SerializerMethodField()

    class Meta:
        model = Schedule
        fields = ["version", "released_at", "comment", "changelog"]
        read_only_fields = fields

    def conference_of(self, instance: Schedule) -> Conference:
        return instance.conference

    @extend_schema_field({"type": "array", "items": CHANGELOG_ENTRY_SCHEMA})
    def get_changelog(self, schedule: Schedule) -> list[dict[str, Any]]:
        # Only entries about talks the viewer sees (the view puts their UUIDs in the
        # context; without them, the public's). "snapshot" entries are bookkeeping for
        # the next release's diff, not changes.
        visible = self.context.get("visible_talk_uuids")
        if visible is None:
            visible = talk_uuids_public(changelog_talk_uuids([schedule]))
        entries = changelog_public(schedule.changelog, public_uuids=visible)
        return [entry for entry in entries if entry.get("type") != "snapshot"]


class ScheduleReleaseSerializer(serializers.Serializer):
    """Input for publishing the work in progress as a named version."""

    version = serializers.CharField(max_length=50, help_text='A new name, e.g. "1.1".')
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SlotSerializer(LocalTimesMixin, serializers.ModelSerializer):
    """A slot. ``room`` is an id and ``talk`` a talk id unless ``?expand=`` names them."""

    start = LocalDateTimeField(read_only=True)
    end = LocalDateTimeField(read_only=True)
    timezone = serializers.SerializerMethodField()
    title = serializers.CharField(source="display_title", read_only=True)
    room = serializers.SerializerMethodField()
    talk = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "start", "end", "timezone", "title", "room", "talk", "updated_at"]
        read_only_fields = fields

    def conference_of(self, instance: Slot) -> Conference:
        return instance.schedule.conference

    def get_timezone(self, slot: Slot) -> str:
        return slot.schedule.conference.timezone

    @extend_schema_field(
        ExpandableField(
            OpenApiTypes.INT,
            RoomSerializer,
            allow_null=True,
            help_text="Room id, or the room with ?expand=room; null for a slot in every room.",
        )
    )
    def get_room(self, slot: Slot) -> Any:
        if slot.room is None:
            return None
        if wants(self, "room"):
            return nested(self, RoomSerializer).to_representation(slot.room)
        return slot.room.pk

    @extend_schema_field(
        ExpandableField(
            OpenApiTypes.UUID,
            TalkSerializer,
            allow_null=True,
            help_text="Talk id, or the talk with ?expand=talk; null for a break.",
        )
    )
    def get_talk(self, slot: Slot) -> Any:
        if slot.talk is None:
            return None
        if wants(self, "talk"):
            return nested(self, TalkSerializer).to_representation(slot.talk)
        return str(slot.talk.uuid)


class ReleasedScheduleSerializer(serializers.Serializer):
    """The programme: the latest release's slots for one day or the whole conference."""

    conference = serializers.SlugField()
    timezone = serializers.CharField(help_text="IANA time zone of the conference.")
    version = serializers.CharField()
    released_at = serializers.CharField(help_text="ISO 8601 with the conference's offset.")
    day = serializers.DateField(allow_null=True, help_text="The day asked for, if any.")
    days = serializers.ListField(child=serializers.DateField())
    slots = SlotSerializer(many=True)


class SlotWriteSerializer(serializers.ModelSerializer):
    """Input for a slot of the work-in-progress schedule (ISO 8601 times with an offset)."""

    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.none(),
        allow_null=True,
        required=False,
        help_text="Room id; null for a slot spanning every room.",
    )
    talk = TalkIdField(
        queryset=Talk.objects.none(),
        allow_null=True,
        required=False,
        help_text="Talk id (uuid); null for a break with a title.",
    )

    class Meta:
        model = Slot
        fields = ["start", "end", "room", "talk", "title"]
        extra_kwargs = {"title": {"required": False}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        conference = self.context.get("conference")
        if conference is not None:
            room_field = cast(Any, self.fields["room"])
            room_field.queryset = Room.objects.filter(conference=conference)
            talk_field = cast(Any, self.fields["talk"])
            talk_field.queryset = Talk.objects.filter(conference=conference)
