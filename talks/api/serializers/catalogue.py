"""Speakers, tags and talks: output serializers (with opt-in expansion) and talk input."""

import datetime as dt
from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conference.models import Conference, Track
from talks.api.schema import ExpandableField, optional_in_schema
from talks.api.serializers.base import (
    LocalDateTimeField,
    LocalTimesMixin,
    OptionalURLField,
    nested,
    wants,
)
from talks.api.serializers.conference import TrackSerializer
from talks.models import Slot, Speaker, Tag, Talk
from talks.rules import attach_refused_message


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


@optional_in_schema("email")
class SpeakerSerializer(serializers.ModelSerializer):
    """A speaker's public profile; ``email`` only with talks.view_speaker_email (the
    speaker, superusers, organizers of a conference whose programme they are on)."""

    photo = serializers.ImageField(read_only=True, use_url=True, allow_null=True)
    email = serializers.SerializerMethodField()
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)
    website = OptionalURLField()
    mastodon = OptionalURLField(help_text="Profile URL.")

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "affiliation",
            "bio",
            "photo",
            "website",
            "mastodon",
            "twitter",
            "github",
            "email",
            "web_url",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.EmailField(
            allow_null=True,
            help_text="Only for the speaker, staff and the organizers of their conferences.",
        )
    )
    def get_email(self, speaker: Speaker) -> str | None:
        request = self.context.get("request")
        if request is None or not request.user.has_perm("talks.view_speaker_email", speaker):
            return None
        return speaker.email or None


class TalkRefSerializer(serializers.ModelSerializer):
    """A talk in a speaker's list: enough to show and to fetch it."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    conference: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Talk
        fields = ["id", "slug", "conference", "title", "kind", "state"]
        read_only_fields = fields


class SpeakerWithTalksSerializer(SpeakerSerializer):
    talks = serializers.SerializerMethodField()

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "talks"]
        read_only_fields = fields

    @extend_schema_field(TalkRefSerializer(many=True))
    def get_talks(self, speaker: Speaker) -> Any:
        # Prefetched by the view as visible_talks, newest conference first.
        talks = getattr(speaker, "visible_talks", None)
        if talks is None:
            return []
        return nested(self, TalkRefSerializer, many=True).to_representation(talks)


class PlacementSerializer(LocalTimesMixin, serializers.ModelSerializer):
    """Where and when a talk is in the latest released schedule."""

    start = LocalDateTimeField(read_only=True)
    end = LocalDateTimeField(read_only=True)
    room = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["start", "end", "room", "timezone"]

    def conference_of(self, instance: Slot) -> Conference:
        return instance.schedule.conference

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    )
    def get_room(self, slot: Slot) -> dict[str, Any] | None:
        return {"id": slot.room.pk, "name": slot.room.name} if slot.room else None

    def get_timezone(self, slot: Slot) -> str:
        return slot.schedule.conference.timezone


class TalkSerializer(LocalTimesMixin, serializers.ModelSerializer):
    """A talk. ``speakers``, ``track`` and ``tags`` are slugs unless ``?expand=`` names them."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    conference: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    timezone = serializers.SerializerMethodField()
    track = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    speakers = serializers.SerializerMethodField()
    duration_minutes = serializers.SerializerMethodField()
    placement = serializers.SerializerMethodField()
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Talk
        fields = [
            "id",
            "slug",
            "conference",
            "timezone",
            "title",
            "kind",
            "state",
            "abstract",
            "description",
            "language",
            "duration_minutes",
            "featured",
            "cancellation_note",
            "track",
            "tags",
            "speakers",
            "placement",
            "web_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def conference_of(self, instance: Talk) -> Conference:
        return instance.conference

    def get_timezone(self, talk: Talk) -> str:
        return talk.conference.timezone

    @extend_schema_field(
        ExpandableField(
            OpenApiTypes.STR,
            TrackSerializer,
            allow_null=True,
            help_text="The track's slug, or the track with ?expand=track.",
        )
    )
    def get_track(self, talk: Talk) -> Any:
        if talk.track is None:
            return None
        if wants(self, "track"):
            return nested(self, TrackSerializer).to_representation(talk.track)
        return talk.track.slug

    @extend_schema_field(
        ExpandableField(
            OpenApiTypes.STR,
            TagSerializer,
            many=True,
            help_text="Slugs, or tags with ?expand=tags.",
        )
    )
    def get_tags(self, talk: Talk) -> Any:
        tags = sorted(talk.tags.all(), key=lambda tag: tag.name)
        if wants(self, "tags"):
            return nested(self, TagSerializer, many=True).to_representation(tags)
        return [tag.slug for tag in tags]

    @extend_schema_field(
        ExpandableField(
            OpenApiTypes.STR,
            SpeakerSerializer,
            many=True,
            help_text="Slugs in the talk's order, or speakers with ?expand=speakers.",
        )
    )
    def get_speakers(self, talk: Talk) -> Any:
        speakers = [ts.speaker for ts in talk.talk_speakers.all()]
        if wants(self, "speakers"):
            return nested(self, SpeakerSerializer, many=True).to_representation(speakers)
        return [speaker.slug for speaker in speakers]

    def get_duration_minutes(self, talk: Talk) -> int | None:
        return int(talk.duration.total_seconds() // 60) if talk.duration else None

    @extend_schema_field(PlacementSerializer(allow_null=True))
    def get_placement(self, talk: Talk) -> Any:
        # Prefetched by the view as released_slots (the latest release only).
        slots = getattr(talk, "released_slots", None)
        if not slots:
            return None
        return nested(self, PlacementSerializer).to_representation(slots[0])


class TalkWriteSerializer(serializers.ModelSerializer):
    """Input for creating or changing a talk within the conference in the URL."""

    slug = serializers.SlugField(max_length=120, required=False)
    track = serializers.SlugRelatedField(
        slug_field="slug", queryset=Track.objects.none(), allow_null=True, required=False
    )
    tags = serializers.SlugRelatedField(
        slug_field="slug", queryset=Tag.objects.all(), many=True, required=False
    )
    speakers = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Speaker.objects.all(),
        many=True,
        required=False,
        help_text="Speaker slugs, in the order the talk lists them.",
    )
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=24 * 60, allow_null=True, required=False
    )

    class Meta:
        model = Talk
        fields = [
            "title",
            "slug",
            "kind",
            "state",
            "abstract",
            "description",
            "language",
            "duration_minutes",
            "featured",
            "cancellation_note",
            "track",
            "tags",
            "speakers",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        conference = self.context.get("conference")
        if conference is not None:
            track_field = cast(Any, self.fields["track"])
            track_field.queryset = Track.objects.filter(conference=conference)

    def validate_speakers(self, speakers: list[Speaker]) -> list[Speaker]:
        if len({s.pk for s in speakers}) != len(speakers):
            raise serializers.ValidationError("A speaker can be listed once.")
        request = self.context.get("request")
        user = request.user if request is not None else None
        # Those already on this talk stay; anyone new needs talks.attach_speaker.
        current = (
            set(self.instance.talk_speakers.values_list("speaker_id", flat=True))
            if (isinstance(self.instance, Talk))
            else set()
        )
        refused = [
            s.slug
            for s in speakers
            if s.pk not in current and not (user and user.has_perm("talks.attach_speaker", s))
        ]
        if refused:
            raise serializers.ValidationError(attach_refused_message(refused))
        return speakers

    def to_service_kwargs(self) -> dict[str, Any]:
        """The validated input split into the talk's fields and its speakers and tags."""
        data = dict(self.validated_data)
        speakers = data.pop("speakers", None)
        tags = data.pop("tags", None)
        if "duration_minutes" in data:
            minutes = data.pop("duration_minutes")
            data["duration"] = dt.timedelta(minutes=minutes) if minutes else None
        return {"fields": data, "speakers": speakers, "tags": tags}


class SpeakerWriteSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=100, required=False)

    class Meta:
        model = Speaker
        fields = [
            "name",
            "slug",
            "affiliation",
            "bio",
            "website",
            "mastodon",
            "twitter",
            "github",
            "email",
        ]
