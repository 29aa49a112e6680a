"""What every API view shares: the page cache, expansion, the viewer and the conference."""

from typing import Any, ClassVar

from django.http import Http404, HttpRequest, HttpResponseBase
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import filters
from rest_framework.generics import GenericAPIView

from conference.infrastructure.page_cache import PageOptions, page_options, serve_page
from conference.infrastructure.page_versions import Scopes
from conference.models import Conference
from talks.api.serializers.base import EXPANDABLE, parse_expand
from talks.api.visibility import Viewer, viewer_of
from talks.page_scopes import api_conference_pages, catalogue_pages

EXPAND_PARAMETER = OpenApiParameter(
    "expand",
    OpenApiTypes.STR,
    description="Comma-separated related objects to include in full instead of by id or slug: "
    + ", ".join(EXPANDABLE)
    + ". Unknown names are a 400.",
    examples=[],
)


class HallwayAPIMixin(GenericAPIView):
    """Reads through the page cache, ``?expand=`` in the serializer context, the viewer.

    Every read is served by conference/infrastructure/page_cache.py, like the website's
    pages: ETag and
    Last-Modified from the version counters of ``page_scopes`` (what the responses show,
    talks/page_scopes.py), 304s, and anonymous responses stored per address, query
    parameters read (``query_params_read``) and Accept (JSON or the browsable API).
    Stored responses skip DRF's throttles: they cost a cache read. ``page_scopes =
    None``: the viewer's own data, whose version no counter tracks (no ETag, not stored).
    """

    page_scopes: ClassVar[Scopes | None] = catalogue_pages
    # Query parameters read by the view itself, besides filters, ordering and pages.
    extra_query_params: ClassVar[tuple[str, ...]] = ()
    _page: ClassVar[PageOptions | None] = None

    @classmethod
    def as_view(cls, *args: Any, **initkwargs: Any) -> Any:
        # Once per routed class (the router calls as_view for its list and detail routes).
        if cls.page_scopes is not None and "_page" not in cls.__dict__:
            cls._page = page_options(
                cls.page_scopes,
                name=f"api:{cls.__name__}",
                params=query_params_read(cls),
                vary_on=("HTTP_ACCEPT",),
                redirect_unknown=False,
            )
        return super().as_view(*args, **initkwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        page = type(self).__dict__.get("_page")
        if page is None:
            return super().dispatch(request, *args, **kwargs)
        parent = super().dispatch
        return serve_page(page, lambda r, *a, **k: parent(r, *a, **k), request, args, kwargs)

    @property
    def viewer(self) -> Viewer:
        return viewer_of(self.request)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["expand"] = parse_expand(self.request.query_params.get("expand"))
        return context

    def is_schema_generation(self) -> bool:
        return bool(getattr(self, "swagger_fake_view", False))


class ConferenceRouteMixin(HallwayAPIMixin):
    """Views under /conferences/{conference_slug}/: the conference, 404 when not visible."""

    page_scopes = api_conference_pages

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

    def get_permission_object(self) -> Conference:
        """What RulesPermission asks about: the conference in the URL."""
        return self.get_conference()

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
