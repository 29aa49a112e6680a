"""What every API view shares: conditional GETs, expansion, the viewer and the conference."""

from typing import Any

from django.http import Http404
from django.utils.decorators import method_decorator
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import filters
from rest_framework.generics import GenericAPIView

from conference.models import Conference
from conference.page_cache import cached_page
from talks.api.conditional import ConditionalGetMixin
from talks.api.serializers.base import EXPANDABLE, parse_expand
from talks.api.visibility import Viewer, viewer_of
from talks.page_scopes import api_conference_pages

EXPAND_PARAMETER = OpenApiParameter(
    "expand",
    OpenApiTypes.STR,
    description="Comma-separated related objects to include in full instead of by id or slug: "
    + ", ".join(EXPANDABLE)
    + ". Unknown names are a 400.",
    examples=[],
)


class HallwayAPIMixin(ConditionalGetMixin, GenericAPIView):
    """ETag/Last-Modified on GETs, ``?expand=`` in the serializer context, the viewer."""

    @property
    def viewer(self) -> Viewer:
        return viewer_of(self.request)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["expand"] = parse_expand(self.request.query_params.get("expand"))
        return context

    def is_schema_generation(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


class ConferenceScopedMixin(HallwayAPIMixin):
    """Views under /conferences/{conference_slug}/: the conference, 404 when not visible."""

    _conference: Conference | None = None

    def get_conference(self) -> Conference:
        if self._conference is None:
            conference = (
                self.viewer.conferences()
                .filter(slug=self.kwargs.get("conference_slug", ""))
                .first()
            )
            if conference is None:
                raise Http404("No such conference.")
            self._conference = conference
        return self._conference

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not self.is_schema_generation():
            context["conference"] = self.get_conference()
        return context


# Integer ids in URLs: at most 18 digits, so no lookup overflows a 64-bit column.
ID_PATTERN = r"[0-9]{1,18}"

# Lists filter with django-filter and order with ?ordering= (which the cursor follows).
LIST_FILTER_BACKENDS = [DjangoFilterBackend, filters.OrderingFilter]


def query_params_read(view_class: type[GenericAPIView]) -> list[str]:
    """The query parameters a DRF view reads, from what it declares: its filters,
    ordering, pagination, ``expand`` and the format override, plus ``extra_query_params``."""
    names = ["expand", "format", *getattr(view_class, "extra_query_params", ())]
    filterset = getattr(view_class, "filterset_class", None)
    if filterset is not None:
        names += list(filterset.base_filters)
    if any(issubclass(b, filters.OrderingFilter) for b in view_class.filter_backends):
        names.append(filters.OrderingFilter.ordering_param)
    paginator = view_class.pagination_class
    if paginator is not None:
        for attribute in ("cursor_query_param", "page_size_query_param", "page_query_param"):
            if getattr(paginator, attribute, None):
                names.append(getattr(paginator, attribute))
    return names


def cached_conference_view(name: str) -> Any:
    """Class decorator: a conference-scoped API view's reads, stored by the page cache.

    Keyed on the conference's version counters (conference/page_cache.py), the path, the
    query parameters the view reads and Accept (JSON or the browsable API). Anonymous
    readers share the stored body; token and session requests get their own, private
    rendering. Cached responses skip DRF's throttles: they cost a cache read.
    """

    def decorate(view_class: type[GenericAPIView]) -> type[GenericAPIView]:
        page = cached_page(
            api_conference_pages,
            name=f"api:{name}",
            params=query_params_read(view_class),
            vary_on=("HTTP_ACCEPT",),
        )
        return method_decorator(page, name="dispatch")(view_class)

    return decorate
