"""Conferences, their rooms and tracks."""

from rest_framework import serializers

from conference.models import Conference, Room, Series, Track, Venue
from talks.api.serializers.base import OptionalURLField


class SeriesSerializer(serializers.ModelSerializer):
    website = OptionalURLField()

    class Meta:
        model = Series
        fields = ["slug", "name", "website"]


class VenueSerializer(serializers.ModelSerializer):
    website = OptionalURLField()

    class Meta:
        model = Venue
        fields = ["name", "address", "city", "country", "latitude", "longitude", "website"]


class ConferenceSerializer(serializers.ModelSerializer):
    series = SeriesSerializer(read_only=True, allow_null=True)
    venue = VenueSerializer(read_only=True, allow_null=True)
    timezone = serializers.CharField(read_only=True, help_text="IANA time zone of the venue.")
    days = serializers.ListField(child=serializers.DateField(), read_only=True)
    web_url = serializers.CharField(source="get_absolute_url", read_only=True)
    website = OptionalURLField()
    day_change = serializers.SerializerMethodField(
        help_text="Local time (HH:MM) at which one conference day ends and the next begins."
    )

    class Meta:
        model = Conference
        fields = [
            "slug",
            "name",
            "series",
            "tagline",
            "description",
            "start_date",
            "end_date",
            "days",
            "timezone",
            "day_change",
            "venue",
            "website",
            "web_url",
            "published",
            "updated_at",
        ]
        read_only_fields = fields

    def get_day_change(self, conference: Conference) -> str:
        return conference.day_change.strftime("%H:%M")


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "description", "capacity", "position"]
        read_only_fields = ["id"]


class TrackSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(max_length=100)

    class Meta:
        model = Track
        fields = ["slug", "name", "colour", "description"]
