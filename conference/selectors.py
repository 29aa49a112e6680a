"""Reads of conferences."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from conference.models import Conference


def conference_list_public() -> QuerySet[Conference]:
    return Conference.objects.published().select_related("series", "venue")


def conference_get_public(*, slug: str) -> Conference:
    return get_object_or_404(conference_list_public(), slug=slug)
