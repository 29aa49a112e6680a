"""The signed-in user: profile, bookmarks and API tokens."""

from typing import Any, cast

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from talks.api.serializers.base import TalkIdField
from talks.api.serializers.catalogue import TalkSerializer
from talks.api.visibility import viewer_of
from talks.models import ApiToken, Bookmark, Talk


class MeSerializer(serializers.ModelSerializer):
    speaker = serializers.SerializerMethodField(help_text="Slug of the claimed speaker profile.")
    organizes = serializers.SerializerMethodField(help_text="Slugs of conferences organized.")

    class Meta:
        model = get_user_model()
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "speaker",
            "organizes",
        ]
        read_only_fields = fields

    def get_speaker(self, user: Any) -> str | None:
        profile = getattr(user, "speaker_profile", None)
        return profile.slug if profile else None

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_organizes(self, user: Any) -> list[str]:
        return sorted(user.organizer_memberships.values_list("conference__slug", flat=True))


class BookmarkSerializer(serializers.ModelSerializer):
    talk = TalkSerializer(read_only=True)

    class Meta:
        model = Bookmark
        fields = ["id", "talk", "created_at"]
        read_only_fields = fields


class BookmarkCreateSerializer(serializers.Serializer):
    talk = TalkIdField(queryset=Talk.objects.none(), help_text="The talk's id (uuid).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            talk_field = cast(Any, self.fields["talk"])
            talk_field.queryset = viewer_of(request).talks()


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "key_prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "key_prefix", "created_at", "last_used_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text="The token itself: shown this once, store it now."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = [*ApiTokenSerializer.Meta.read_only_fields, "key"]
