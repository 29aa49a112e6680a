"""API shapes of follow-ups: explicit input serializers feed the services; output
serializers decide the fields (contact details only with consent, only to speakers)."""

from typing import Any

from rest_framework import serializers

from talks.followups.forms import MESSAGE_MAX, NOTE_MAX
from talks.followups.services import SPEAKER_STATUSES
from talks.models import FollowUp, FollowUpNote, Talk


class FollowUpCreateSerializer(serializers.Serializer):
    talk = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Talk.objects.published().select_related("conference"),
        help_text="The talk's UUID.",
    )
    kind = serializers.ChoiceField(choices=FollowUp.Kind.choices)
    message = serializers.CharField(max_length=MESSAGE_MAX)
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    name = serializers.CharField(max_length=200, required=False)
    email = serializers.EmailField(required=False)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    consent_to_share = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("rating") and attrs.get("kind") != FollowUp.Kind.FEEDBACK:
            raise serializers.ValidationError({"rating": "A rating goes with feedback only."})
        user = self.context["request"].user
        if not user.is_authenticated:
            missing = {f: "This field is required." for f in ("name", "email") if not attrs.get(f)}
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class FollowUpReceiptSerializer(serializers.ModelSerializer):
    """What the sender gets back: the private link's token, nothing about anyone else."""

    talk: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )

    class Meta:
        model = FollowUp
        fields = ["id", "talk", "kind", "status", "token", "created_at"]


class FollowUpNoteSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="attendee, reply or internal.")

    class Meta:
        model = FollowUpNote
        fields = ["id", "kind", "body", "created_at", "emailed_at"]


class FollowUpSerializer(serializers.ModelSerializer):
    """A follow-up as its talk's speakers see it; contact fields are null without consent."""

    talk: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="uuid", read_only=True
    )
    talk_title = serializers.CharField(source="talk.title", read_only=True)
    name = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    affiliation = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id", "talk", "talk_title", "kind", "status", "message", "rating",
            "name", "email", "affiliation", "consent_to_share", "created_at", "updated_at",
        ]  # fmt: skip

    def _shared(self, followup: FollowUp, value: str) -> str | None:
        return value if followup.consent_to_share else None

    def get_name(self, followup: FollowUp) -> str | None:
        return self._shared(followup, followup.name)

    def get_email(self, followup: FollowUp) -> str | None:
        return self._shared(followup, followup.email)

    def get_affiliation(self, followup: FollowUp) -> str | None:
        return self._shared(followup, followup.affiliation)


class FollowUpDetailSerializer(FollowUpSerializer):
    notes = FollowUpNoteSerializer(many=True, read_only=True)

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "notes"]


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=NOTE_MAX)
    internal = serializers.BooleanField(default=False)


class StatusSerializer(serializers.Serializer):
    # The model's full set keeps one status enum in the schema; the service refuses the
    # statuses a speaker may not set (new, withdrawn) with a 400.
    status = serializers.ChoiceField(
        choices=FollowUp.Status.choices,
        help_text=f"One of: {', '.join(SPEAKER_STATUSES)}.",
    )


class TalkCountSerializer(serializers.Serializer):
    talk = serializers.UUIDField(source="uuid")
    title = serializers.CharField()
    followups_total = serializers.IntegerField()
    followups_open = serializers.IntegerField()
