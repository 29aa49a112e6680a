"""Pieces shared by the API serializers: local times and opt-in expansion."""

import datetime as dt
import uuid
from typing import Any

from rest_framework import serializers

from conference.validators import as_uri_or_none

EXPANDABLE = ("speakers", "room", "talk", "track", "tags")


def parse_expand(raw: str | None) -> frozenset[str]:
    """``?expand=speakers,room`` as a set; unknown names are a 400 with the choices."""
    names = frozenset(part.strip() for part in (raw or "").split(",") if part.strip())
    unknown = sorted(names - set(EXPANDABLE))
    if unknown:
        raise serializers.ValidationError(
            {"expand": [f"Unknown: {', '.join(unknown)}. Choose from {', '.join(EXPANDABLE)}."]}
        )
    return names


def wants(serializer: serializers.Field, name: str) -> bool:
    return name in serializer.context.get("expand", ())


def nested(
    parent: serializers.Field,
    serializer_class: type[serializers.BaseSerializer],
    *,
    many: bool = False,
) -> Any:
    """A serializer for a related object, built once per parent and reused for every row.

    DRF builds a serializer's fields from the model on first use; doing that for each of a
    thousand slots cost most of the expanded schedule's time.
    """
    built: dict[Any, Any] = parent.__dict__.setdefault("_nested_serializers", {})
    key = (serializer_class, many)
    if key not in built:
        built[key] = serializer_class(many=many, context=parent.context)
    return built[key]


class LocalDateTimeField(serializers.DateTimeField):
    """A moment as ISO 8601 in the conference's own time zone, with its UTC offset.

    The owning serializer sets ``local_tz`` for each object it renders.
    """

    def to_representation(self, value: dt.datetime | None) -> str | None:  # type: ignore[override]  # None-safe
        if value is None:
            return None
        tz = getattr(self.parent, "local_tz", None) or dt.UTC
        return value.astimezone(tz).isoformat()


class LocalTimesMixin:
    """Renders LocalDateTimeFields in the time zone of the object's conference."""

    local_tz: Any = None

    def conference_of(self, instance: Any) -> Any:
        raise NotImplementedError

    def to_representation(self, instance: Any) -> Any:
        conference = self.conference_of(instance)
        self.local_tz = conference.tzinfo if conference is not None else dt.UTC
        return super().to_representation(instance)  # type: ignore[misc]  # mixed into a Serializer


class TalkIdField(serializers.SlugRelatedField):
    """A talk named by its id (uuid); a malformed id is a field error, not a crash."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="uuid", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            uuid.UUID(str(data))
        except ValueError:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return super().to_internal_value(data)


class OptionalURLField(serializers.URLField):
    """A URL that may be unset: null in output rather than an empty, invalid "uri".

    Written as an RFC 3986 URI (an internationalised domain name in IDNA), as "format: uri"
    promises; a value stored before the model refused non-URIs is null rather than invalid.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    # Narrower than Field.to_representation(Any) -> Any: this field only ever holds text.
    def to_representation(self, value: str) -> str | None:  # type: ignore[override]  # see above
        return as_uri_or_none(value) if value else None
